import type { AuthLink } from '../../domain/link.js';
import type { OutboxMessage } from '../../domain/notification.js';
import type { ReminderKind } from '../../ports/home-storage.js';
import type { ServiceContext } from '../common/context.js';
import { threadOf } from '../common/thread-notices.js';
import { noPause, type Pause } from '../common/turns.js';
import { homeRefreshes } from '../home/index.js';

/** Which reminder is due for a pending, unexpired link now, if any. */
export function dueReminder(
  link: Pick<AuthLink, 'createdAt' | 'expiresAt' | 'openedAt'>,
  now: Date,
  times: { remindAfterMs: number | null; remindBeforeExpiryMs: number | null },
): ReminderKind | null {
  const left = link.expiresAt.getTime() - now.getTime();
  if (left <= 0) return null;
  if (times.remindBeforeExpiryMs !== null && left <= times.remindBeforeExpiryMs) return 'before_expiry';
  if (times.remindAfterMs !== null && now.getTime() - link.createdAt.getTime() >= times.remindAfterMs) {
    return 'after_creation';
  }
  return null;
}

/**
 * Part of the polling round (no Celigo call): one reply per due reminder, mentioning the requester.
 * The claim (insert-if-absent per link and reminder) and the reply are one transaction, so a reminder goes
 * out exactly once across rounds and replicas. A before-expiry reminder that comes first also claims the
 * after-creation one, so a short-lived link is not reminded twice in a row. Returns how many were sent.
 */
export async function sendReminders(
  ctx: ServiceContext,
  live: readonly AuthLink[],
  pause: Pause = noPause,
): Promise<number> {
  const { remindAfterMs, remindBeforeExpiryMs } = ctx.config.links;
  if (remindAfterMs === null && remindBeforeExpiryMs === null) return 0;
  const now = ctx.clock.now();
  let sent = 0;
  for (const link of live) {
    await pause();
    const due = dueReminder(link, now, { remindAfterMs, remindBeforeExpiryMs });
    if (!due) continue;
    const won = await ctx.storage.transaction(async (tx) => {
      // The link may have closed since the round listed it: no reminder after it closes.
      if ((await tx.links.get(link.id))?.state !== 'pending') return false;
      if (!(await tx.reminders.claim(link.id, due, now))) return false;
      if (due === 'before_expiry') await tx.reminders.claim(link.id, 'after_creation', now);
      const messages: OutboxMessage[] = [
        {
          kind: 'reply',
          thread: threadOf(link),
          event: {
            type: 'link.reminder',
            linkId: link.id,
            kind: link.openedAt ? 'not_finished' : 'not_opened',
            requestedBy: link.requestedBy,
            customerLabel: link.customerLabel,
            expiresInMs: link.expiresAt.getTime() - now.getTime(),
            openedAgoMs: link.openedAt ? now.getTime() - link.openedAt.getTime() : null,
          },
        },
        ...(await homeRefreshes(tx, link.teamId, [link.requestedBy], now)),
      ];
      await tx.outbox.enqueue(messages, now);
      return true;
    });
    if (won) sent += 1;
  }
  return sent;
}
