/**
 * One account's Celigo not answering (outage, revoked token) is that account's problem only: its threads
 * with a pending link are told once per outage, the other accounts carry on.
 *
 * "Once" holds across replicas and restarts: every replica polls, so the first to see the outage claims
 * `account-down:<account>` in the idempotency store and only that one tells; the key is released when any
 * replica sees the account answer again. Each replica also remembers what it saw, so a failing round costs
 * no write and an answering one no delete. The housekeeping forgets keys after its retention (7 days): a
 * replica started after an outage's key was forgotten tells that outage again, once.
 */
import { accountOf } from '../../domain/account.js';
import type { AuthLink } from '../../domain/link.js';
import { threadKeyString } from '../../domain/notification.js';
import type { ServiceContext } from '../common/context.js';
import { threadOf } from '../common/thread-notices.js';

export interface OutageNotices {
  /** The account's listing failed this round; tells its threads if no replica has told this outage. */
  failed(account: string, reason: string, live: readonly AuthLink[]): Promise<void>;
  /** The account answered again: the next outage is told anew. */
  recovered(account: string): Promise<void>;
}

const outageKey = (account: string) => `account-down:${account}`;

export function createOutageNotices(ctx: ServiceContext): OutageNotices {
  /** Accounts this replica saw fail since they last answered. */
  const down = new Set<string>();
  /** Accounts whose key another replica (or this one before a restart) may hold: checked on the first answer. */
  const unsure = new Set(ctx.accounts.names);
  return {
    async failed(account, reason, live) {
      // With a single account nothing else keeps working, and the poller's log already says so.
      if (ctx.accounts.names.length < 2 || down.has(account)) return;
      const now = ctx.clock.now();
      const threads = new Map(
        live
          .filter((l) => accountOf(l.connectionId) === account)
          .map((l) => [threadKeyString(threadOf(l)), threadOf(l)]),
      );
      // The claim and the notices commit together: a failure leaves neither, and the next round tries again.
      await ctx.storage.transaction(async (tx) => {
        if (!(await tx.idempotency.claim(outageKey(account), now))) return;
        for (const [key, thread] of threads) {
          await tx.outbox.enqueue(
            [{ kind: 'reply', thread, event: { type: 'account.unavailable', account, reason } }],
            now,
            `account-down:${account}:${key}:${now.toISOString()}`,
          );
        }
      });
      down.add(account);
      unsure.delete(account);
    },
    async recovered(account) {
      if (!down.has(account) && !unsure.has(account)) return;
      await ctx.storage.idempotency.release(outageKey(account));
      down.delete(account);
      unsure.delete(account);
    },
  };
}
