import { type AuthLink, isExpired } from '../../domain/link.js';
import { entry } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import { hashToken } from '../common/ids.js';
import { threadOf } from '../common/thread-notices.js';
import { homeRefreshes } from '../home/index.js';
import { buildAuthorizationUrlGuard } from './authorization-url-guard.js';
import { closeLink } from './close-link.js';
import type { CustomerLinkService, LinkPageView } from './contract.js';

const HOUR_MS = 3_600_000;
/** Tokens are 43 base64url characters; anything far longer is not ours and is not worth hashing. */
const MAX_TOKEN_LENGTH = 200;

export function buildCustomerLinkService(ctx: ServiceContext): CustomerLinkService {
  const log = ctx.logger.child({ module: 'customer-links' });
  const guard = buildAuthorizationUrlGuard(ctx);

  /** The link behind a token, with a stale pending link expired on the spot (and announced once). */
  async function lookup(token: string, requestId: string | null): Promise<AuthLink | undefined> {
    if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
    const link = await ctx.storage.links.findByTokenHash(hashToken(token));
    if (link?.state !== 'pending' || !isExpired(link, ctx.clock.now())) return link;
    await closeLink(ctx, link, 'expired', { reason: 'the link ran out', requestId });
    // Whoever won the race, the link is no longer pending: read what it is now.
    return (await ctx.storage.links.get(link.id)) ?? link;
  }

  /** Someone used a dead link: tell the thread, at most once per link per hour (scanners retry a lot). */
  async function reportDeadLinkUse(link: AuthLink, requestId: string | null): Promise<void> {
    const now = ctx.clock.now();
    const bucket = Math.floor(now.getTime() / HOUR_MS);
    await ctx.storage.transaction(async (tx) => {
      if (!(await tx.idempotency.claim(`dead-link:${link.id}:${bucket}`, now))) return;
      await ctx.record(
        tx,
        entry({
          teamId: link.teamId,
          channelId: link.channelId,
          action: 'link.dead_link_used',
          result: 'refused',
          connectionId: link.connectionId,
          detail: `${link.customerLabel}: link is ${link.state}`,
          requestId,
        }),
      );
      await tx.outbox.enqueue(
        [
          {
            kind: 'reply',
            thread: threadOf(link),
            event: {
              type: 'link.dead_link_used',
              linkId: link.id,
              customerLabel: link.customerLabel,
              state: link.state,
            },
          },
        ],
        now,
      );
    });
  }

  async function pageFor(link: AuthLink | undefined, requestId: string | null): Promise<LinkPageView> {
    if (!link) return { kind: 'not_found' };
    switch (link.state) {
      case 'pending':
        return {
          kind: 'active',
          connectionName: link.connectionName,
          customerLabel: link.customerLabel,
          partnerName: ctx.config.links.partnerName,
          expiresAt: link.expiresAt,
        };
      case 'expired':
      case 'superseded':
      case 'revoked':
        await reportDeadLinkUse(link, requestId);
        return { kind: link.state, customerLabel: link.customerLabel };
      case 'completed':
      case 'failed':
        return { kind: link.state, customerLabel: link.customerLabel };
    }
  }

  return {
    async view(token) {
      return pageFor(await lookup(token, null), null);
    },

    async continue(token, requestId) {
      const link = await lookup(token, requestId);
      if (link?.state !== 'pending') return { page: await pageFor(link, requestId) };
      const now = ctx.clock.now();
      // Every press, not only the first: the relay's `error` hint counts only shortly after one.
      await ctx.storage.links.markContinued(link.id, now);
      if (await ctx.storage.links.markOpened(link.id, now)) {
        await ctx.storage.transaction(async (tx) => {
          await ctx.record(
            tx,
            entry({
              teamId: link.teamId,
              channelId: link.channelId,
              action: 'link.opened',
              result: 'ok',
              connectionId: link.connectionId,
              detail: link.customerLabel,
              requestId,
            }),
          );
          await tx.outbox.enqueue(
            [
              {
                kind: 'reply',
                thread: threadOf(link),
                event: { type: 'link.opened', linkId: link.id, customerLabel: link.customerLabel },
              },
              ...(await homeRefreshes(tx, link.teamId, [link.requestedBy], now)),
            ],
            now,
          );
        });
      }
      const who = { teamId: link.teamId, userId: null, channelId: link.channelId, requestId };
      const fetched = await ctx.withCeligo(
        who,
        'link.continue',
        async () => {
          // Fresh every time, never stored or logged (docs/celigo-api.md, Q-authorization-url-lifetime).
          const url = await ctx.celigo.getAuthorizationUrl(link.connectionId);
          return { url, safe: await guard.isSafe(link.connectionId, url) };
        },
        { connectionId: link.connectionId, detail: (f) => `${link.customerLabel}: ${f.code}` },
      );
      if (!fetched.ok) {
        log.warn({ linkId: link.id, kind: fetched.kind }, 'Celigo gave no authorization URL for a customer link.');
        return { page: { kind: 'unavailable', customerLabel: link.customerLabel } };
      }
      const { url: redirectTo, safe } = fetched.value;
      if (!safe) {
        const witness = { ...link, userId: null, requestId, customerLabel: link.customerLabel };
        await guard.contain(witness, { id: link.connectionId, name: link.connectionName });
        return { page: { kind: 'withheld', customerLabel: link.customerLabel } };
      }
      await ctx.recordNow(
        entry({
          teamId: link.teamId,
          channelId: link.channelId,
          action: 'link.continue',
          result: 'ok',
          connectionId: link.connectionId,
          detail: link.customerLabel,
          requestId,
        }),
      );
      return { redirectTo };
    },
  };
}
