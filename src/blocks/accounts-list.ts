/** `/celigo accounts`: one line per Celigo account. */
import type { AccountOverview } from '../services/index.js';
import { context, type SlackMessage, section } from './elements.js';
import { escapeMrkdwn } from './escape.js';

const TOKEN_LABEL: Readonly<Record<AccountOverview['token'], string>> = {
  accepted: ':large_green_circle: token accepted',
  refused: ':red_circle: token refused',
  unreachable: ':warning: Celigo did not answer',
};

export function accountsMessage(rows: readonly AccountOverview[]): SlackMessage {
  const lines = rows.map((a) => {
    const where = a.region ? a.region.toUpperCase() : escapeMrkdwn(a.host);
    const count = a.oauth2Connections === null ? '' : ` — ${a.oauth2Connections} OAuth 2.0 connections`;
    return `• *${escapeMrkdwn(a.name)}* — ${where} — ${TOKEN_LABEL[a.token]}${count}`;
  });
  return {
    text: `Celigo accounts: ${rows.length}`,
    blocks: [
      section(`*Celigo accounts* (${rows.length})\n${lines.join('\n')}`),
      context(['Name a connection as `<account>/<ID or exact name>` when the same ID or name is in several accounts.']),
    ],
  };
}
