import type { AuditAction } from '../../domain/audit.js';
import type { ConnectionState } from '../../domain/connection.js';
import type { AuthLink } from '../../domain/link.js';
import type { OutboxMessage, ThreadEvent } from '../../domain/notification.js';
import { homeRefreshes } from '../home/index.js';
import { entry } from '../shared/audit-recorder.js';
import type { ServiceContext } from '../shared/context.js';
import { linkOutcomeMessages, refreshCard, threadOf } from '../shared/thread-notices.js';

export type LinkOutcome = 'completed' | 'failed' | 'expired' | 'revoked';

export interface CloseOptions {
  readonly reason: string | null;
  readonly requestId: string | null;
  /** Who closed it (revoke); null when the app did (poll, relay, expiry). */
  readonly userId?: string | null;
  /** What Celigo said about the connection, for the card. */
  readonly state?: ConnectionState | undefined;
}

const AUDIT_ACTION: Readonly<Record<LinkOutcome, AuditAction>> = {
  completed: 'link.completed',
  failed: 'link.failed',
  expired: 'link.expired',
  revoked: 'link.revoked',
};

const CARD_EVENT: Readonly<Record<LinkOutcome, string>> = {
  completed: 'authorization completed',
  failed: 'authorization failed',
  expired: 'link expired',
  revoked: 'link revoked',
};

function eventFor(link: AuthLink, to: LinkOutcome, reason: string | null, by: string | null): ThreadEvent {
  const base = { linkId: link.id, requestedBy: link.requestedBy, customerLabel: link.customerLabel };
  switch (to) {
    case 'completed':
      return { type: 'link.completed', ...base };
    case 'failed':
      return { type: 'link.failed', ...base, reason: reason ?? 'the authorization did not complete' };
    case 'expired':
      return { type: 'link.expired', ...base };
    case 'revoked':
      return { type: 'link.revoked', linkId: link.id, customerLabel: link.customerLabel, by: by ?? link.requestedBy };
  }
}

/**
 * Moves a pending link to `to` by compare-and-set and, only if this call won, records and announces it in
 * the same transaction. So two replicas (or two poll rounds) racing on one link announce it once.
 */
export async function closeLink(
  ctx: ServiceContext,
  link: AuthLink,
  to: LinkOutcome,
  opts: CloseOptions,
): Promise<boolean> {
  const at = ctx.clock.now();
  return ctx.storage.transaction(async (tx) => {
    if (!(await tx.links.transition(link.id, 'pending', to, at, opts.reason))) return false;
    await ctx.record(
      tx,
      entry({
        teamId: link.teamId,
        userId: opts.userId ?? null,
        channelId: link.channelId,
        action: AUDIT_ACTION[to],
        connectionId: link.connectionId,
        result: to === 'failed' ? 'failed' : 'ok',
        detail: opts.reason ? `${link.customerLabel}: ${opts.reason}` : link.customerLabel,
        after: to,
        before: 'pending',
        requestId: opts.requestId,
      }),
    );
    const messages: OutboxMessage[] = [
      await refreshCard(
        tx,
        threadOf(link),
        {
          connectionName: link.connectionName,
          state: opts.state,
          lastEvent: `${CARD_EVENT[to]} (${link.customerLabel})`,
        },
        at,
      ),
    ];
    messages.push(...linkOutcomeMessages(link, eventFor(link, to, opts.reason, opts.userId ?? null)));
    messages.push(...(await homeRefreshes(tx, link.teamId, [link.requestedBy], at)));
    await tx.outbox.enqueue(messages, at);
    return true;
  });
}
