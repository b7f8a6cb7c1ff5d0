import type { ConnectionState } from '../../domain/connection.js';
import type { AuthLink } from '../../domain/link.js';
import type { ConnectionCard, OutboxMessage, ThreadEvent, ThreadKey } from '../../domain/notification.js';
import { linkMessageRef } from '../../domain/notification.js';
import type { Stores } from '../../ports/storage.js';

export const threadOf = (link: Pick<AuthLink, 'teamId' | 'channelId' | 'connectionId'>): ThreadKey => ({
  teamId: link.teamId,
  channelId: link.channelId,
  connectionId: link.connectionId,
});

export interface CardUpdate {
  readonly connectionName: string;
  /** Omit to keep the state the card already shows. */
  readonly state?: ConnectionState | undefined;
  readonly lastEvent: string;
  /** The connection's open links when the caller has just written them (saves reading them again). */
  readonly open?: readonly AuthLink[];
}

/**
 * Re-renders the thread's connection card from what is stored (settings, the pending link) and saves it.
 * Returns the `card` outbox message for the caller to enqueue in the same transaction.
 */
export async function refreshCard(tx: Stores, key: ThreadKey, update: CardUpdate, at: Date): Promise<OutboxMessage> {
  const [existing, settings, open] = await Promise.all([
    tx.threads.get(key),
    tx.settings.get(key.connectionId),
    update.open ?? tx.links.findOpenByConnection(key.teamId, key.connectionId),
  ]);
  const pending = open.find((l) => l.channelId === key.channelId) ?? open[0];
  const card: ConnectionCard = {
    connectionId: key.connectionId,
    connectionName: update.connectionName,
    state: update.state ?? existing?.card.state ?? 'unknown',
    landingUrl: settings?.landingUrl ?? null,
    relayActive: settings?.relayActive ?? false,
    pendingLink: pending
      ? {
          customerLabel: pending.customerLabel,
          requestedBy: pending.requestedBy,
          expiresAt: pending.expiresAt.toISOString(),
        }
      : null,
    lastEvent: update.lastEvent,
    updatedAt: at.toISOString(),
  };
  await tx.threads.saveCard(key, card, at);
  return { kind: 'card', thread: key, card };
}

/**
 * Updates the card and replies with `event` in the thread: the common shape of an announcement. `ref` names
 * the reply so it can be edited later; `before` goes out first (e.g. an edit of an older reply).
 */
export async function announce(
  tx: Stores,
  key: ThreadKey,
  update: CardUpdate,
  event: ThreadEvent,
  at: Date,
  extra: { ref?: string; before?: readonly OutboxMessage[] } = {},
): Promise<void> {
  const card = await refreshCard(tx, key, update, at);
  const reply: OutboxMessage = extra.ref
    ? { kind: 'reply', thread: key, event, ref: extra.ref }
    : { kind: 'reply', thread: key, event };
  await tx.outbox.enqueue([...(extra.before ?? []), card, reply], at);
}

/** A reply about a link, plus an edit of the link's own message so it no longer looks usable. */

export const linkOutcomeMessages = (link: AuthLink, event: ThreadEvent): OutboxMessage[] => [
  { kind: 'edit', thread: threadOf(link), ref: linkMessageRef(link.id), event },
  { kind: 'reply', thread: threadOf(link), event },
];
