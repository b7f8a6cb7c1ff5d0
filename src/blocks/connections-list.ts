/** `/celigo connections [filter]`: OAuth 2.0 connections with their state. */
import type { ConnectionState } from '../domain/connection.js';
import { STATE_LABEL } from './connection-card.js';
import { capBlocks, context, type SlackMessage, section } from './elements.js';
import { escapeMrkdwn, safe } from './escape.js';

export interface ListedConnection {
  readonly id: string;
  readonly name: string;
  readonly state: ConnectionState;
}

const PER_SECTION = 12;

export function connectionsListMessage(items: readonly ListedConnection[], filter: string): SlackMessage {
  const title = filter ? `OAuth 2.0 connections matching “${safe(filter, 100)}”` : 'OAuth 2.0 connections';
  if (items.length === 0) {
    return {
      text: `${title}: none`,
      blocks: [section(`*${title}*\nNone found.${filter ? ' Try a shorter filter, or none.' : ''}`)],
    };
  }
  const lines = items.map((c) => `• ${safe(c.name, 120)} — \`${escapeMrkdwn(c.id)}\` — ${STATE_LABEL[c.state]}`);
  const blocks = [section(`*${title}* (${items.length})`)];
  for (let i = 0; i < lines.length; i += PER_SECTION) blocks.push(section(lines.slice(i, i + PER_SECTION).join('\n')));
  const capped = capBlocks(blocks, 48);
  capped.push(context(['Use an ID or exact name with `link`, `redirect` or `status`.']));
  return { text: `${title}: ${items.length}`, blocks: capped };
}
