/** The thread's parent message: what a connection looks like now. Edited as things change. */
import type { KnownBlock } from '@slack/types';
import { nameWithAccount } from '../domain/account.js';
import type { ConnectionState } from '../domain/connection.js';
import type { ConnectionCard } from '../domain/notification.js';
import { context, fields, header, type SlackMessage } from './elements.js';
import { escapeMrkdwn, mention, safe, slackDate, urlOrNotSet } from './escape.js';

export const STATE_LABEL: Readonly<Record<ConnectionState, string>> = {
  online: ':large_green_circle: online',
  offline: ':red_circle: offline',
  unknown: ':white_circle: unknown',
};

export function connectionCardMessage(card: ConnectionCard): SlackMessage {
  const pending = card.pendingLink;
  const items = [
    `*Connection ID*\n\`${escapeMrkdwn(card.connectionId)}\``,
    `*State*\n${STATE_LABEL[card.state]}`,
    `*Landing page*\n${urlOrNotSet(card.landingUrl, 1800)}`,
    `*Return relay*\n${card.relayActive ? 'on (the app checks each return)' : 'off'}`,
    pending
      ? `*Pending link*\nfor ${safe(pending.customerLabel, 200)}, by ${mention(pending.requestedBy)}, expires ${slackDate(pending.expiresAt)}`
      : '*Pending link*\nnone',
  ];
  // With several accounts the same name can exist in two of them: the header says which one this is.
  const title = card.connectionName ? nameWithAccount(card.connectionName, card.connectionId) : card.connectionId;
  const blocks: KnownBlock[] = [header(title), fields(items)];
  const foot = [`Updated ${slackDate(card.updatedAt)}`];
  if (card.lastEvent) foot.unshift(safe(card.lastEvent, 500));
  blocks.push(context(foot));
  return {
    text: `Celigo connection ${safe(title, 200)}: ${card.state}`,
    blocks,
  };
}
