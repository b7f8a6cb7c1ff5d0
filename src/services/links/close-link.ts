import type { AuditAction } from '../../domain/audit.js';
import type { ConnectionState } from '../../domain/connection.js';
import type { AuthLink } from '../../domain/link.js';
import type { OutboxMessage, ThreadEvent } from '../../domain/notification.js';
import { entry, refuse } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { fail, ok, type Result } from '../common/result.js';
import { linkOutcomeMessages, refreshCard, threadOf } from '../common/thread-notices.js';
import { homeRefreshes } from '../home/index.js';

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

/** Staff revoke a pending link; a link of another team, or one already closed, is refused (and audited). */
export async function revokeLink(
  ctx: ServiceContext,
  actor: Actor,
  linkId: string,
): Promise<Result<AuthLink, 'link_not_found' | 'link_closed'>> {
  const link = await ctx.storage.links.get(linkId);
  const about = {
    action: 'link.revoked',
    connectionId: link?.connectionId ?? null,
    subject: `link ${linkId}`,
  } as const;
  if (!link || link.teamId !== actor.teamId) {
    return refuse(ctx, actor, { ...about, connectionId: null }, fail('link_not_found', 'That link no longer exists.'));
  }
  if (
    link.state !== 'pending' ||
    !(await closeLink(ctx, link, 'revoked', {
      reason: `revoked by ${actor.userId}`,
      requestId: actor.requestId,
      userId: actor.userId,
    }))
  ) {
    const words = 'That link is no longer pending, so there is nothing to revoke.';
    return refuse(ctx, actor, about, fail('link_closed', words));
  }
  return ok((await ctx.storage.links.get(linkId)) ?? link);
}
