/** `/celigo audit [connection]`: the latest entries, newest first, with an "Older" button for paging. */
import type { KnownBlock } from '@slack/types';
import type { AuditEntry } from '../domain/audit.js';
import { actions, button, context, type SlackMessage, section } from './elements.js';
import { clip, escapeMrkdwn, mention, safe, slackDate } from './escape.js';
import { ACTIONS, BLOCKS } from './ids.js';

/** Entries per page, from the command and the Older button alike: well inside Slack's 50-block limit. */
export const AUDIT_PAGE_SIZE = 15;

/** The Older button's value: where to continue. Not trusted: the click is re-checked as the clicking user. */
export interface AuditCursor {
  readonly connectionRef: string | null;
  readonly beforeSeq: number;
}

export const auditCursorValue = (c: AuditCursor): string =>
  JSON.stringify({ c: c.connectionRef === null ? null : clip(c.connectionRef, 200), b: c.beforeSeq });

const RESULT_ICON: Record<string, string> = {
  ok: ':white_check_mark:',
  refused: ':no_entry:',
  failed: ':x:',
  dry_run: ':mag:',
};

function entryLine(e: AuditEntry): string {
  const parts = [
    `${RESULT_ICON[e.result] ?? ''} \`#${e.seq}\` ${slackDate(e.at)} *${escapeMrkdwn(e.action)}* ${escapeMrkdwn(e.result)}`,
    e.userId ? `by ${mention(e.userId)}` : 'by the app',
  ];
  if (e.connectionId) parts.push(`on \`${safe(e.connectionId, 100)}\``);
  if (e.before !== null || e.after !== null) {
    parts.push(`${safe(e.before ?? '—', 200)} → ${safe(e.after ?? '—', 200)}`);
  }
  if (e.detail) parts.push(`(${safe(e.detail, 200)})`);
  return parts.join(' ');
}

export function auditPageMessage(
  entries: readonly AuditEntry[],
  opts: { connectionRef: string | null; nextBeforeSeq: number | null },
): SlackMessage {
  const title = opts.connectionRef ? `Audit log for ${safe(opts.connectionRef, 100)}` : 'Audit log';
  if (entries.length === 0) {
    return { text: `${title}: no entries`, blocks: [section(`*${title}*\nNo entries.`)] };
  }
  const blocks: KnownBlock[] = [section(`*${title}* (newest first)`)];
  let chunk: string[] = [];
  let size = 0;
  for (const e of entries.slice(0, 40)) {
    const line = entryLine(e);
    if (size + line.length + 1 > 2800 && chunk.length) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += line.length + 1;
  }
  if (chunk.length) blocks.push(section(chunk.join('\n')));
  if (opts.nextBeforeSeq !== null) {
    blocks.push(
      actions(BLOCKS.auditButtons, [
        button({
          text: 'Older',
          actionId: ACTIONS.auditOlder,
          value: auditCursorValue({ connectionRef: opts.connectionRef, beforeSeq: opts.nextBeforeSeq }),
        }),
      ]),
    );
  }
  blocks.push(context(['Only you can see this.']));
  return { text: `${title}: ${entries.length} entries`, blocks: blocks.slice(0, 50) };
}
