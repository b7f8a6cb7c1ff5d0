/**
 * The app's Home tab: the viewer's pending links, connections they handled that need re-authorization,
 * their recent outcomes, and for operators the team's pending links and offline connections. A Home view
 * holds at most 100 blocks, so rows are paged with "Show more" (the button carries only the next offset).
 */

import type { Button, KnownBlock } from '@slack/types';
import { nameWithAccount } from '../domain/account.js';
import type { HomeData, HomeLink, HomeOfflineConnection } from '../services/home/contract.js';
import { actions, button, context, divider, header, section } from './elements.js';
import { mention, safe, slackDate } from './escape.js';
import { ACTIONS } from './ids.js';
import { reauthorizeButton, revokeLinkButton } from './link-buttons.js';
import { roughDuration } from './reminder-message.js';

export const HOME_BLOCKS_MAX = 100;
/** Room kept for the paging footer. */
const FOOTER = 3;

export interface HomeView {
  readonly type: 'home';
  readonly blocks: KnownBlock[];
}

/** A thread's address: Slack turns it into the thread for anyone who can see the channel. */
export const threadUrl = (teamId: string, channelId: string, ts: string): string =>
  `https://slack.com/app_redirect?team=${encodeURIComponent(teamId)}&channel=${encodeURIComponent(channelId)}&message_ts=${encodeURIComponent(ts)}`;

const openThread = (data: HomeData, channelId: string, ts: string | null): Button[] =>
  ts ? [button({ text: 'Open thread', actionId: ACTIONS.openThread, url: threadUrl(data.teamId, channelId, ts) })] : [];

const label = (l: string) => safe(l || 'the customer', 200);

function pendingRow(data: HomeData, { link, threadTs }: HomeLink, withRequester: boolean): KnownBlock[] {
  const opened = link.openedAt
    ? `opened ${roughDuration(data.now.getTime() - link.openedAt.getTime())} ago`
    : 'not opened yet';
  const left = link.expiresAt.getTime() - data.now.getTime();
  const line = `*${label(link.customerLabel)}* · ${safe(nameWithAccount(link.connectionName, link.connectionId), 200)}\ncreated ${slackDate(link.createdAt)} · ${opened} · ${
    left > 0 ? `expires in ${roughDuration(left)}` : 'expiring now'
  }${withRequester ? ` · by ${mention(link.requestedBy)}` : ''}`;
  return [
    section(line),
    actions(`home_link_${link.id}`, [...openThread(data, link.channelId, threadTs), revokeLinkButton(link.id)]),
  ];
}

function offlineRow(data: HomeData, row: HomeOfflineConnection, prefix: string): KnownBlock[] {
  const w = row.watch;
  const by = w.lastRequester ? ` · last handled by ${mention(w.lastRequester)}` : '';
  const buttons = [
    reauthorizeButton('Re-authorize', w.connectionId, w.connectionName, row.lastLink?.customerLabel ?? null),
    ...(row.lastLink ? openThread(data, row.lastLink.channelId, row.threadTs) : []),
  ];
  return [
    section(
      `:warning: *${safe(nameWithAccount(w.connectionName, w.connectionId), 200)}* is offline and needs re-authorization${by}`,
    ),
    actions(`${prefix}_${w.connectionId}`, buttons),
  ];
}

function recentRow(data: HomeData, { link, threadTs }: HomeLink): KnownBlock[] {
  const icon = link.state === 'completed' ? ':white_check_mark:' : ':x:';
  const what =
    link.state === 'completed' ? 'authorized' : `failed${link.closedReason ? `: ${safe(link.closedReason, 300)}` : ''}`;
  const when = link.closedAt ? ` ${slackDate(link.closedAt)}` : '';
  const row = section(
    `${icon} *${label(link.customerLabel)}* · ${safe(nameWithAccount(link.connectionName, link.connectionId), 200)} · ${what}${when}`,
  );
  const thread = openThread(data, link.channelId, threadTs);
  return thread.length ? [row, actions(`home_recent_${link.id}`, thread)] : [row];
}

/** Every group of blocks in order; a group (a heading, or a row with its buttons) is never split across pages. */
function groups(data: HomeData): KnownBlock[][] {
  // Each section: its heading, its rows (a row with its buttons is one group), and what shows when empty.
  type Section = readonly [title: string, rows: KnownBlock[][], empty: string];
  const mine: Section[] = [
    ['Your pending links', data.mine.pending.map((l) => pendingRow(data, l, false)), 'No pending links.'],
    [
      'Needs re-authorization',
      data.mine.needsReauthorization.map((r) => offlineRow(data, r, 'home_mine')),
      'None of the connections you handled is offline.',
    ],
    [
      'Your recent completions and failures',
      data.mine.recent.map((l) => recentRow(data, l)),
      'Nothing in the last 30 days.',
    ],
  ];
  const team: Section[] = data.team
    ? [
        ['Team: pending links', data.team.pending.map((l) => pendingRow(data, l, true)), 'No pending links.'],
        [
          'Team: offline connections',
          data.team.offline.map((r) => offlineRow(data, r, 'home_team')),
          'No watched connection is offline.',
        ],
      ]
    : [];
  const section = ([title, rows, empty]: Section): KnownBlock[][] => [
    [header(title)],
    ...(rows.length ? rows : [[context([empty])]]),
  ];
  return [...mine.flatMap(section), ...(team.length ? [[divider()], ...team.flatMap(section)] : [])];
}

export function homeView(data: HomeData, offset = 0): HomeView {
  const all = groups(data);
  const start = Math.min(Math.max(0, Math.trunc(offset)), Math.max(0, all.length - 1));
  const blocks: KnownBlock[] = [];
  let next = start;
  while (next < all.length && blocks.length + (all[next]?.length ?? 0) <= HOME_BLOCKS_MAX - FOOTER) {
    blocks.push(...(all[next] ?? []));
    next += 1;
  }
  if (next < all.length || start > 0) {
    const paging: Button[] = [];
    if (start > 0) paging.push(button({ text: 'Back to the top', actionId: ACTIONS.homeMore, value: '0' }));
    if (next < all.length) paging.push(button({ text: 'Show more', actionId: ACTIONS.homeMore, value: String(next) }));
    blocks.push(divider(), actions('home_paging', paging));
  }
  blocks.push(context([`Updated ${slackDate(data.now)}`]));
  return { type: 'home', blocks };
}
