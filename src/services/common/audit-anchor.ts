import type { Stores } from '../../ports/storage.js';

/** The head hash goes to the audit channel after every ANCHOR_EVERY-th entry, and once a UTC day. */
export const ANCHOR_EVERY = 100;

/**
 * One line for the audit channel. Posted outside the database, it lets `audit verify --anchor` prove later
 * that the log still holds this entry: rewriting the log changes every hash from the first edit on.
 */
export const anchorLine = (head: { seq: number; hash: string }): string =>
  `Audit anchor: entry #${head.seq}, head hash ${head.hash}. Check later with: celigo-bot audit verify --anchor ${head.hash}`;

/** True when the entry just appended should be anchored (decided inside the append's transaction). */
export const isAnchorSeq = (seq: number): boolean => seq > 0 && seq % ANCHOR_EVERY === 0;

/**
 * The daily anchor: the first replica to move the stored "last anchored" day to today posts the head.
 * Runs inside the caller's transaction, so the marker moves exactly when the line is enqueued.
 */
export async function anchorToday(tx: Stores, channelId: string, now: Date): Promise<boolean> {
  const head = await tx.audit.claimDailyAnchor(now.toISOString().slice(0, 10));
  if (!head) return false;
  await tx.outbox.enqueue([{ kind: 'channel_line', channelId, text: anchorLine(head) }], now);
  return true;
}
