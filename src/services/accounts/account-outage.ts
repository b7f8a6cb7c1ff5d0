/**
 * One account's Celigo not answering (outage, revoked token) is that account's problem only: its threads
 * with a pending link are told once per outage, the other accounts carry on. In memory: after a restart an
 * outage still going on is told once more, which is better than never.
 */
import { accountOf } from '../../domain/account.js';
import type { AuthLink } from '../../domain/link.js';
import { threadKeyString } from '../../domain/notification.js';
import type { ServiceContext } from '../common/context.js';
import { threadOf } from '../common/thread-notices.js';

export interface OutageNotices {
  /** The account's listing failed this round; tells its threads the first time. */
  failed(account: string, reason: string, live: readonly AuthLink[]): Promise<void>;
  /** The account answered again: the next outage is told anew. */
  recovered(account: string): void;
}

export function createOutageNotices(ctx: ServiceContext): OutageNotices {
  const down = new Map<string, string>();
  return {
    async failed(account, reason, live) {
      // With a single account nothing else keeps working, and the poller's log already says so.
      if (ctx.accounts.names.length < 2 || down.has(account)) return;
      const since = ctx.clock.now().toISOString();
      down.set(account, since);
      const threads = new Map(
        live
          .filter((l) => accountOf(l.connectionId) === account)
          .map((l) => [threadKeyString(threadOf(l)), threadOf(l)]),
      );
      for (const [key, thread] of threads) {
        await ctx.storage.outbox.enqueue(
          [{ kind: 'reply', thread, event: { type: 'account.unavailable', account, reason } }],
          ctx.clock.now(),
          `account-down:${account}:${key}:${since}`,
        );
      }
    },
    recovered(account) {
      down.delete(account);
    },
  };
}
