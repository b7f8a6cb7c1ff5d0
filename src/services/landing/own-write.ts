import type { ConnectionSummary } from '../../domain/connection.js';
import type { Stores } from '../../ports/storage.js';

/**
 * Completion is read from Celigo's `lastModified` moving (Q-offline-signal in docs/celigo-api.md), and every
 * write the app makes to a connection moves it too. So after each such write, in the transaction that
 * records it, the pending links of that connection take the new value as their baseline: only a later
 * change (the customer's consent) can count as an authorization.
 */
export async function rebaselineAfterOwnWrite(
  tx: Stores,
  written: Pick<ConnectionSummary, 'id' | 'lastModified'>,
): Promise<void> {
  if (written.lastModified !== undefined) await tx.links.rebaseline(written.id, written.lastModified);
}
