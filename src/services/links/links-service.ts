import { type ConnectionSummary, connectionState, isOAuthAuthorizeCode } from '../../domain/connection.js';
import { type AuthLink, MAX_CUSTOMER_LABEL } from '../../domain/link.js';
import { linkMessageRef, type OutboxMessage, type ThreadKey } from '../../domain/notification.js';
import { linkPageUrl } from '../../domain/public-urls.js';
import { checkRedirectUrl } from '../../domain/redirect-policy.js';
import { cleanText } from '../../domain/text.js';
import { PendingLinkConflictError } from '../../ports/storage.js';
import type { AccessService } from '../access/contract.js';
import { actorEntry, auditOutcome, refuse } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { hashToken } from '../common/ids.js';
import { fail, ok, type Result } from '../common/result.js';
import { refreshCard, threadOf } from '../common/thread-notices.js';
import type { ConnectionsService } from '../connections/contract.js';
import type { LandingPages } from '../landing/index.js';
import { buildAuthorizationUrlGuard } from './authorization-url-guard.js';
import { revokeLink } from './close-link.js';
import type { GenerateLinkCode, GenerateLinkInput, LinkIssued, LinksService } from './contract.js';
import { issued } from './link-issued.js';

const SUPERSEDED_REASON = 'replaced by a newer link';

export function buildLinksService(
  ctx: ServiceContext,
  access: AccessService,
  connections: ConnectionsService,
  landingPages: LandingPages,
): LinksService {
  const publicUrl = ctx.config.http.publicUrl;
  const log = ctx.logger.child({ module: 'links' });

  const guard = buildAuthorizationUrlGuard(ctx);
  /** Every outcome is audited; a refusal (the user's mistake) names its code as the detail. */
  const refused = <C extends GenerateLinkCode>(actor: Actor, connectionId: string | null, code: C, message: string) =>
    refuse(ctx, actor, { action: 'link.generate', connectionId }, { code, message });

  /** The same submission again: the link it created, or (while the first is still at work) a plain answer. */
  async function duplicateOf(actor: Actor, conn: ConnectionSummary): Promise<Result<LinkIssued, GenerateLinkCode>> {
    const [pending] = await ctx.storage.links.findOpenByConnection(actor.teamId, conn.id);
    const [newest] = pending ? [pending] : await ctx.storage.links.listByConnection(actor.teamId, conn.id, 1);
    log.info({ connectionId: conn.id }, 'Duplicate link submission; nothing done again.');
    if (!newest) {
      return fail(
        'link_in_progress',
        'That submission is already being handled; its link appears in the thread shortly.',
      );
    }
    return ok(issued(newest, conn, [], true));
  }

  /** The loser of two simultaneous link creations (the database allows one pending link per connection). */
  async function lostRace(actor: Actor, conn: ConnectionSummary): Promise<Result<LinkIssued, GenerateLinkCode>> {
    const [winner] = await ctx.storage.links.findOpenByConnection(actor.teamId, conn.id);
    const who = winner ? ` by ${winner.requestedBy} for ${winner.customerLabel}` : '';
    return refused(
      actor,
      conn.id,
      'link_conflict',
      `A link for “${conn.name}” was just created${who}; see the connection’s thread. This one was not created.`,
    );
  }

  async function issue(
    actor: Actor & { channelId: string },
    found: ConnectionSummary,
    label: string,
    landing: string | undefined,
  ): Promise<Result<LinkIssued, GenerateLinkCode>> {
    const channelId = actor.channelId;
    const prepared = await landingPages.forLink(actor, found, landing);
    if (!prepared.ok) {
      // A refusal is the caller's to hear (and is audited here); a Celigo failure the landing module audited.
      return prepared.code === 'landing_pages_off'
        ? refused(actor, found.id, prepared.code, prepared.message)
        : prepared;
    }
    const conn = prepared.value;

    // With PUBLIC_URL this only proves Celigo will issue one; Continue fetches a fresh one (Q-authorization-url-lifetime).
    const authUrl = await ctx.withCeligo(actor, 'link.generate', () => ctx.celigo.getAuthorizationUrl(conn.id), {
      connectionId: conn.id,
    });
    if (!authUrl.ok) return fail(authUrl.code, authUrl.message);
    const celigoUrl = authUrl.value;
    if (!(await guard.isSafe(conn.id, celigoUrl, conn.redirectUrl ?? null))) {
      const witness = { ...actor, customerLabel: label };
      return refused(actor, conn.id, 'authorization_url_unsafe', (await guard.contain(witness, conn)).message);
    }

    const now = ctx.clock.now();
    const token = publicUrl !== null ? ctx.ids.newToken() : null;
    const link: AuthLink = {
      id: ctx.ids.newId(),
      teamId: actor.teamId,
      channelId,
      connectionId: conn.id,
      connectionName: conn.name,
      customerLabel: label,
      requestedBy: actor.userId,
      tokenHash: token === null ? null : hashToken(token),
      state: 'pending',
      createdAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.links.ttlMs),
      offlineAtIssue: conn.offline ?? null,
      lastModifiedAtIssue: conn.lastModified ?? null,
      openedAt: null,
      closedAt: null,
      closedReason: null,
    };
    const url = publicUrl !== null && token !== null ? linkPageUrl(publicUrl, token) : celigoUrl;
    const thread: ThreadKey = threadOf(link);

    const commit = ctx.storage.transaction(async (tx) => {
      const replaced: AuthLink[] = [];
      for (const old of await tx.links.findOpenByConnection(actor.teamId, conn.id)) {
        if (await tx.links.transition(old.id, 'pending', 'superseded', now, SUPERSEDED_REASON)) replaced.push(old);
      }
      await tx.links.insert(link);
      await ctx.record(
        tx,
        actorEntry(actor, {
          action: 'link.generate',
          result: 'ok',
          connectionId: conn.id,
          after: link.id,
          detail: `for ${label}; expires ${link.expiresAt.toISOString()}${link.tokenHash ? '; hosted link' : ''}`,
        }),
      );
      for (const old of replaced) {
        await ctx.record(
          tx,
          actorEntry(actor, {
            channelId: old.channelId,
            action: 'link.superseded',
            result: 'ok',
            connectionId: conn.id,
            before: old.id,
            after: link.id,
            detail: `${old.customerLabel}: ${SUPERSEDED_REASON}`,
          }),
        );
      }
      await tx.watches.upsert({
        connectionId: conn.id,
        teamId: actor.teamId,
        connectionName: conn.name,
        lastOffline: conn.offline ?? null,
        lastModified: conn.lastModified ?? null,
        lastRequester: actor.userId,
        checkedAt: now,
      });
      const messages: OutboxMessage[] = [
        await refreshCard(
          tx,
          thread,
          // One pending link per connection (a unique index): the new one is the only open link now.
          {
            connectionName: conn.name,
            state: connectionState(conn),
            lastEvent: `link created for ${label}`,
            open: [link],
          },
          now,
        ),
        {
          kind: 'reply',
          thread,
          ref: linkMessageRef(link.id),
          event: {
            type: 'link.created',
            linkId: link.id,
            by: actor.userId,
            customerLabel: label,
            expiresAt: link.expiresAt.toISOString(),
            url,
            hosted: token !== null,
            completionDetectable: link.offlineAtIssue !== false,
          },
        },
      ];
      for (const old of replaced) {
        const event = {
          type: 'link.replaced',
          linkId: old.id,
          customerLabel: old.customerLabel,
          by: actor.userId,
        } as const;
        const oldThread = threadOf(old);
        messages.push(
          { kind: 'edit', thread: oldThread, ref: linkMessageRef(old.id), event },
          { kind: 'reply', thread: oldThread, event },
        );
        if (old.channelId !== channelId) {
          messages.push(
            await refreshCard(tx, oldThread, { connectionName: conn.name, lastEvent: 'link replaced' }, now),
          );
        }
      }
      await tx.outbox.enqueue(messages, now);
      return replaced.map((l) => l.id);
    });
    let superseded: string[];
    try {
      superseded = await commit;
    } catch (err) {
      if (err instanceof PendingLinkConflictError) return lostRace(actor, conn);
      throw err;
    }
    log.info({ connectionId: conn.id, linkId: link.id, superseded: superseded.length }, 'Customer link issued.');
    return ok(issued(link, conn, superseded, false));
  }

  return {
    async generate(actor, input: GenerateLinkInput) {
      const landing = input.landingUrl?.trim() ? input.landingUrl.trim() : undefined;
      const mayLink = await access.check(actor, 'generate_link');
      if (!mayLink.ok) return mayLink;
      if (landing !== undefined) {
        const mayRedirect = await access.check(actor, 'set_redirect');
        if (!mayRedirect.ok) return mayRedirect;
      }
      const channelId = actor.channelId;
      if (channelId === null) {
        const words = 'Customer links are followed in a channel thread. Please run this from a channel.';
        return refused(actor, null, 'no_channel', words);
      }
      const inChannel = { ...actor, channelId };
      const label = cleanText(input.customerLabel);
      if (label.length < 1 || label.length > MAX_CUSTOMER_LABEL) {
        return refused(
          actor,
          null,
          'label_invalid',
          `Give a customer label of 1 to ${MAX_CUSTOMER_LABEL} characters, for example the customer’s company name.`,
        );
      }
      if (landing !== undefined) {
        const bad = checkRedirectUrl(landing, { allowedHosts: ctx.config.redirect.allowedHosts });
        if (bad) return refused(actor, null, 'redirect_not_allowed', bad.message);
      }

      const need = landing ? 'set_redirect' : 'generate_link';
      const found = await connections.resolveFor(actor, need, input.connectionRef);
      if (!found.ok) return found.code === 'not_allowed' ? found : refused(actor, null, found.code, found.message);
      const conn = found.value;
      if (!isOAuthAuthorizeCode(conn)) {
        return refused(
          actor,
          conn.id,
          'not_oauth',
          `“${conn.name}” is not an OAuth 2.0 authorization-code connection, so there is no customer consent screen to send a link to.`,
        );
      }

      // Claimed before anything is written (Celigo, thread, audit), so a repeated submission writes nothing;
      // released when the work fails, so the user can simply submit again.
      const key = `link:${input.idempotencyKey}`;
      if (!(await ctx.storage.idempotency.claim(key, ctx.clock.now()))) return duplicateOf(actor, conn);
      let r: Result<LinkIssued, GenerateLinkCode>;
      try {
        r = await issue(inChannel, conn, label, landing);
      } catch (err) {
        await ctx.storage.idempotency.release(key);
        throw err;
      }
      if (!r.ok) await ctx.storage.idempotency.release(key);
      return r;
    },

    async formRefused(actor, connectionId, codes) {
      for (const code of codes)
        await auditOutcome(ctx, actor, { action: 'link.generate', connectionId }, 'refused', code);
    },

    async revoke(actor, linkId) {
      const allowed = await access.check(actor, 'generate_link');
      if (!allowed.ok) return allowed;
      return revokeLink(ctx, actor, linkId);
    },
  };
}
