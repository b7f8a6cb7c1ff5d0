/** The reply to whoever created a customer link, from the command or the modal alike. */
import { nameWithAccount } from '../domain/account.js';
import type { LinkIssued } from '../services/index.js';
import type { SlackMessage } from './elements.js';
import { safe } from './escape.js';
import { okNotice } from './notice.js';

export function linkCreatedMessage(issued: Pick<LinkIssued, 'link' | 'connection' | 'duplicate'>): SlackMessage {
  const label = safe(issued.link.customerLabel || 'the customer', 200);
  const conn = safe(nameWithAccount(issued.connection.name, issued.connection.id), 200);
  return okNotice(
    issued.duplicate
      ? `That link was already created for ${label}; see the thread for *${conn}*.`
      : `:key: Link created for ${label} on *${conn}*. It is posted in this channel’s thread for the connection.`,
  );
}
