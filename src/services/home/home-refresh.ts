import type { OutboxMessage } from '../../domain/notification.js';
import type { Stores } from '../../ports/storage.js';

/** Users who opened the Home tab this recently get it re-published when something of theirs changes. */
export const HOME_FRESH_MS = 60 * 60_000;

/**
 * `home` outbox messages for those of `userIds` who opened the Home tab in the last hour, to enqueue in the
 * caller's transaction with the change itself. Others see the change the next time they open the tab.
 */
export async function homeRefreshes(
  tx: Stores,
  teamId: string,
  userIds: readonly (string | null | undefined)[],
  at: Date,
): Promise<OutboxMessage[]> {
  const ids = [...new Set(userIds.filter((u): u is string => Boolean(u)))];
  const recent = await tx.home.openedSince(teamId, ids, new Date(at.getTime() - HOME_FRESH_MS));
  return recent.map((userId) => ({ kind: 'home', teamId, userId }));
}
