/**
 * Regenerates docs/home.png, the picture of the Home tab in the README: renders the real Home view
 * (src/blocks/home-view.ts) for an operator with sample rows, as a Slack-like HTML page (the same styles as
 * docs/thread.png), and photographs it with headless Chromium. Not run in CI.
 * Run: `npx tsx sandbox/home-screenshot.ts [OUT.png]`. Needs Chromium (CHROMIUM_PATH, default
 * /usr/bin/chromium) and, for emoji, a colour emoji font (Debian: fonts-noto-color-emoji fonts-lato).
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { homeView } from '../src/blocks/home-view.js';
import type { AuthLink } from '../src/domain/link.js';
import type { Watch } from '../src/ports/storage.js';
import type { HomeData } from '../src/services/home/contract.js';
import { CSS } from './html.js';
import { photographPane } from './photograph.js';
import { blocksToHtml } from './render-blocks.js';

const target = path.resolve(process.argv[2] ?? 'docs/home.png');
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  process.stderr.write(`No Chromium at ${executablePath}: install it or set CHROMIUM_PATH.\n`);
  process.exit(1);
}

const now = new Date('2026-03-02T15:00:00.000Z');
const h = (hours: number) => new Date(now.getTime() + hours * 3_600_000);
let n = 0;
function link(label: string, connectionName: string, over: Partial<AuthLink> = {}): AuthLink {
  n += 1;
  return {
    id: `link${n}`,
    teamId: 'T1',
    channelId: 'C1',
    connectionId: `64f0c2a1b3d4e5f60123456${n % 10}`,
    connectionName,
    customerLabel: label,
    requestedBy: 'UOPERATOR',
    tokenHash: null,
    state: 'pending',
    createdAt: h(-26),
    expiresAt: h(46),
    offlineAtIssue: true,
    lastModifiedAtIssue: null,
    openedAt: null,
    closedAt: null,
    closedReason: null,
    ...over,
  };
}
const watch = (name: string, requester: string): Watch => ({
  connectionId: `64f0c2a1b3d4e5f6012345a${name.length % 10}`,
  teamId: 'T1',
  connectionName: name,
  lastOffline: true,
  lastModified: null,
  lastRequester: requester,
  checkedAt: h(-1),
});

const acme = link('Acme Corp', 'Acme Shopify');
const globex = link('Globex EU', 'Globex NetSuite', { createdAt: h(-3), expiresAt: h(69), openedAt: h(-2) });
const initech = link('Initech', 'Initech Salesforce', { requestedBy: 'UADMIN', createdAt: h(-5), expiresAt: h(67) });
const offline = watch('Umbrella HubSpot', 'UOPERATOR');
const data: HomeData = {
  teamId: 'T1',
  userId: 'UOPERATOR',
  now,
  mine: {
    pending: [
      { link: acme, threadTs: '1700000000.000001' },
      { link: globex, threadTs: '1700000000.000002' },
    ],
    needsReauthorization: [
      { watch: offline, lastLink: link('Umbrella Corp', 'Umbrella HubSpot', { state: 'completed' }), threadTs: '1' },
    ],
    recent: [
      { link: link('Hooli', 'Hooli Zendesk', { state: 'completed', closedAt: h(-20) }), threadTs: '1' },
      {
        link: link('Stark Ltd', 'Stark Shopify', { state: 'failed', closedAt: h(-30), closedReason: 'access_denied' }),
        threadTs: '1',
      },
    ],
  },
  team: {
    pending: [
      { link: acme, threadTs: '1' },
      { link: globex, threadTs: '1' },
      { link: initech, threadTs: '1' },
    ],
    offline: [{ watch: offline, lastLink: null, threadTs: null }],
  },
};

const view = homeView(data);
const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Home</title>
<style>${CSS}
.home{padding:10px 24px 16px}
.home .header{margin-top:14px}
</style></head>
<body><div class="pane">
<div class="top"><h1>celigo-bot</h1><span class="chan">Home · Messages · About</span></div>
<div class="home">${blocksToHtml(view.blocks, 'Home')}</div>
</div></body></html>
`;
await photographPane(html, target, executablePath);
