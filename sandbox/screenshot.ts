/**
 * Regenerates docs/thread.png, the picture of a thread in the README: plays the sandbox demo quietly,
 * renders the final thread as HTML (sandbox/html.ts) and photographs it with headless Chromium.
 * Not run in CI. Run: `npx tsx sandbox/screenshot.ts [OUT.png]`.
 * Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and, for emoji, a colour emoji font
 * (Debian: `apt-get install chromium fonts-noto-color-emoji fonts-lato`).
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runSandbox } from './demo.js';
import { threadHtml } from './html.js';
import { photographPane } from './photograph.js';

const target = path.resolve(process.argv[2] ?? 'docs/thread.png');
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  process.stderr.write(`No Chromium at ${executablePath}: install it or set CHROMIUM_PATH.\n`);
  process.exit(1);
}

const quiet = new Writable({ write: (_chunk, _enc, cb) => cb() });
const result = await runSandbox({ out: quiet, pace: 0, color: false });
const html = threadHtml(result);
await photographPane(html, target, executablePath);
