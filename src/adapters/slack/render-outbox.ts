/** Which message an outbox item becomes. Pure: data in, Block Kit out (src/blocks). */
import type { SlackMessage } from '../../blocks/elements.js';
import { linkMessageEdit, threadEventMessage } from '../../blocks/thread-events.js';
import type { ConnectionCard, ThreadEvent, ThreadKey } from '../../domain/notification.js';

export const renderReply = (event: ThreadEvent, thread: ThreadKey, connectionName: string | null): SlackMessage =>
  threadEventMessage(event, { connectionId: thread.connectionId, connectionName });

/** An edit replaces an earlier reply (the link message) so it no longer looks usable. */
export const renderEdit = (event: ThreadEvent, thread: ThreadKey, connectionName: string | null): SlackMessage =>
  linkMessageEdit(event) ?? renderReply(event, thread, connectionName);

/** The card to post when a reply arrives for a thread whose card was never saved (should not happen). */
export const placeholderCard = (thread: ThreadKey, at: Date): ConnectionCard => ({
  connectionId: thread.connectionId,
  connectionName: thread.connectionId,
  state: 'unknown',
  landingUrl: null,
  relayActive: false,
  pendingLink: null,
  lastEvent: null,
  updatedAt: at.toISOString(),
});
