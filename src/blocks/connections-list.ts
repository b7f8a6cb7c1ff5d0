/** `/celigo connections [filter]`: OAuth 2.0 connections with their state. */
import type { ConnectionState } from '../domain/connection.js';
import { STATE_LABEL } from './connection-card.js';
import { capBlocks, context, type SlackMessage, section } from './elements.js';
import { escapeMrkdwn, safe } from './escape.js';

export interface ListedConnection {
  readonly id: string;
  readonly account?: string;
  readonly name: string;
  readonly state: ConnectionState;
}

const PER_SECTION = 12;

/**
 * With several accounts the list is grouped by account (every account gets a heading, so an empty or
 * unreachable one is visible too).
 */
export function connectionsListMessage(
  items: readonly ListedConnection[] & { readonly unavailable?: readonly string[] },
  filter: string,
  accounts: readonly string[] = [],
): SlackMessage {
  if (accounts.length > 1) return groupedMessage(items, filter, accounts, items.unavailable ?? []);
  const title = filter ? `OAuth 2.0 connections matching “${safe(filter, 100)}”` : 'OAuth 2.0 connections';
  if (items.length === 0) {
    return {
      text: `${title}: none`,
      blocks: [section(`*${title}*\nNone found.${filter ? ' Try a shorter filter, or none.' : ''}`)],
    };
  }
  const lines = items.map(line);
  const blocks = [section(`*${title}* (${items.length})`)];
  for (let i = 0; i < lines.length; i += PER_SECTION) blocks.push(section(lines.slice(i, i + PER_SECTION).join('\n')));
  const capped = capBlocks(blocks, 48);
  capped.push(context(['Use an ID or exact name with `link`, `redirect` or `status`.']));
  return { text: `${title}: ${items.length}`, blocks: capped };
}

const line = (c: ListedConnection) => `• ${safe(c.name, 120)} — \`${escapeMrkdwn(c.id)}\` — ${STATE_LABEL[c.state]}`;

function groupedMessage(
  items: readonly ListedConnection[],
  filter: string,
  accounts: readonly string[],
  unavailable: readonly string[],
): SlackMessage {
  const title = filter ? `OAuth 2.0 connections matching “${safe(filter, 100)}”` : 'OAuth 2.0 connections';
  const blocks = [section(`*${title}* (${items.length}, ${accounts.length} Celigo accounts)`)];
  for (const account of accounts) {
    const mine = items.filter((c) => c.account === account);
    const body = unavailable.includes(account)
      ? '_Celigo did not answer for this account; try again shortly._'
      : mine.length
        ? [
            ...mine.slice(0, PER_SECTION).map(line),
            ...(mine.length > PER_SECTION ? [`…and ${mine.length - PER_SECTION} more: add a filter`] : []),
          ].join('\n')
        : '_None found._';
    blocks.push(section(`*Account ${escapeMrkdwn(account)}* (${mine.length})\n${body}`));
  }
  const capped = capBlocks(blocks, 48);
  capped.push(context(['Use `<account>/<ID or exact name>` with `link`, `redirect` or `status`.']));
  return { text: `${title}: ${items.length} in ${accounts.length} accounts`, blocks: capped };
}
