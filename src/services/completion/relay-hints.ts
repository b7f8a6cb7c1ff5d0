/**
 * What the return relay may learn from a visit, given that anyone can call it (the connection id is in the
 * relay URL, not a secret): parameter names from a short known list, an audit entry at most once a minute
 * per link, and the provider's `error` only as a hint for a link whose Continue was just pressed.
 */
import type { AuthLink } from '../../domain/link.js';
import { entry } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import { threadOf } from '../common/thread-notices.js';

/** Names an OAuth 2.0 return carries (Q-return-parameters in docs/celigo-api.md); others are never recorded. */
export const KNOWN_RELAY_PARAMS = ['code', 'state', 'error', 'error_description'] as const;
/** An `error` counts only this long after the link's Continue was pressed. */
export const ERROR_HINT_WINDOW_MS = 30 * 60_000;
const MINUTE_MS = 60_000;

export const knownParamNames = (params: URLSearchParams): string[] =>
  KNOWN_RELAY_PARAMS.filter((name) => params.has(name));

/** One `relay.arrived` entry per link per minute, however often the relay is hit. */
export async function auditArrival(
  ctx: ServiceContext,
  link: AuthLink,
  names: readonly string[],
  requestId: string,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.storage.transaction(async (tx) => {
    if (!(await tx.idempotency.claim(`relay-audit:${link.id}:${Math.floor(now.getTime() / MINUTE_MS)}`, now))) return;
    await ctx.record(
      tx,
      entry({
        teamId: link.teamId,
        channelId: link.channelId,
        action: 'relay.arrived',
        result: 'ok',
        connectionId: link.connectionId,
        detail: `query parameters: ${names.join(', ') || 'none'}`,
        requestId,
      }),
    );
  });
}

/**
 * The provider said `error` for a link a customer was just sent on from: tell the thread once, and leave
 * the link pending (the customer may try again; only Celigo's word closes it). Returns whether it counted.
 */
export async function noteNotFinished(
  ctx: ServiceContext,
  link: AuthLink,
  reason: string,
  requestId: string,
): Promise<boolean> {
  const now = ctx.clock.now();
  const continuedAt = await ctx.storage.links.lastContinuedAt(link.id);
  if (continuedAt === null || now.getTime() - continuedAt.getTime() > ERROR_HINT_WINDOW_MS) return false;
  await ctx.storage.transaction(async (tx) => {
    if (!(await tx.idempotency.claim(`relay-not-finished:${link.id}`, now))) return;
    await ctx.record(
      tx,
      entry({
        teamId: link.teamId,
        channelId: link.channelId,
        action: 'link.not_finished',
        result: 'failed',
        connectionId: link.connectionId,
        detail: `${link.customerLabel}: provider said ${reason}`,
        requestId,
      }),
    );
    await tx.outbox.enqueue(
      [
        {
          kind: 'reply',
          thread: threadOf(link),
          event: { type: 'link.not_finished', linkId: link.id, customerLabel: link.customerLabel, reason },
        },
      ],
      now,
    );
  });
  return true;
}
