import { type ConnectionSummary, connectionState, isOAuthAuthorizeCode } from '../domain/connection.js';
import type { AuthLink } from '../domain/link.js';
import { linkMessageRef, type OutboxMessage, type ThreadKey } from '../domain/notification.js';
import { isRelayUrl, linkPageUrl, relayUrl } from '../domain/public-urls.js';
import { checkRedirectUrl } from '../domain/redirect-policy.js';
import type { RedirectChange } from '../ports/storage.js';
import { byActor, entry } from './audit-recorder.js';
import { celigoFailure, isCeligoFailureCode } from './celigo-failure.js';
import { closeLink } from './close-link.js';
import type { ServiceContext } from './context.js';
import type {
  AccessService,
  Actor,
  ConnectionsService,
  GenerateLinkCode,
  GenerateLinkInput,
  LinkIssued,
  LinksService,
} from './contracts.js';
import { hashToken } from './ids.js';
import { rebaselineAfterOwnWrite } from './own-write.js';
import { recordRedirectApplied } from './redirect-apply.js';
import { fail, ok, type Result } from './result.js';
import { cleanText } from './text.js';
import { announce, refreshCard, threadOf } from './thread-notices.js';

export const MAX_LABEL_LENGTH = 80;
const SUPERSEDED_REASON = 'replaced by a newer link';

export function buildLinksService(
  ctx: ServiceContext,
  access: AccessService,
  connections: ConnectionsService,
): LinksService {
  const publicUrl = ctx.config.http.publicUrl;
  const log = ctx.logger.child({ module: 'links' });

  async function auditFailure(
    actor: Actor,
    connectionId: string | null,
    action: 'link.generate' | 'relay.set' | 'redirect.set',
    detail: string,
  ) {
    await ctx.recordNow(entry({ ...byActor(actor), action, result: 'failed', connectionId, detail }));
  }

  /**
   * With PUBLIC_URL, Celigo's oauth2RedirectUrl must point at our relay; the value it had becomes the
   * landing page (unless the caller chose a new one). Without it, a chosen landing page goes to Celigo
   * directly. Returns the connection as Celigo now has it: our own change moves `lastModified`, and the
   * link must record the value after it, or the change would look like the customer's authorization.
   */
  async function prepareLanding(
    actor: Actor & { channelId: string },
    conn: ConnectionSummary,
    landing: string | undefined,
  ): Promise<Result<ConnectionSummary, GenerateLinkCode>> {
    const thread: ThreadKey = { teamId: actor.teamId, channelId: actor.channelId, connectionId: conn.id };
    const settings = await ctx.storage.settings.get(conn.id);
    if (publicUrl !== null) {
      const relay = relayUrl(publicUrl, conn.id);
      if (conn.redirectUrl === relay) {
        const storedLanding = settings?.landingUrl ?? null;
        if (landing === undefined || landing === storedLanding) {
          // Celigo already points at us (set by an earlier run or by hand): just remember that.
          if (!settings?.relayActive) {
            await ctx.storage.settings.save({
              connectionId: conn.id,
              landingUrl: storedLanding,
              relayActive: true,
              updatedBy: actor.userId,
              updatedAt: ctx.clock.now(),
            });
          }
          return ok(conn);
        }
        // The relay is in place: only the stored landing page changes; no Celigo call.
        await recordAppliedChange(actor, conn, {
          before: relay,
          after: landing,
          celigoValue: relay,
          landingBefore: storedLanding,
        });
        return ok(conn);
      }
      const previous = conn.redirectUrl ?? null;
      // Our own relay URL is never a landing page; then the stored one stands.
      const previousLanding = isRelayUrl(publicUrl, previous) ? (settings?.landingUrl ?? null) : previous;
      const newLanding = landing ?? previousLanding;
      let updated: ConnectionSummary;
      try {
        updated = (await ctx.celigo.setRedirectUrl(conn.id, relay)).connection;
      } catch (err) {
        const f = celigoFailure(err);
        await auditFailure(actor, conn.id, 'relay.set', f.kind);
        return fail(f.code, f.message);
      }
      const at = ctx.clock.now();
      await ctx.storage.transaction(async (tx) => {
        await rebaselineAfterOwnWrite(tx, updated);
        await tx.settings.save({
          connectionId: conn.id,
          landingUrl: newLanding,
          relayActive: true,
          updatedBy: actor.userId,
          updatedAt: at,
        });
        await ctx.record(
          tx,
          entry({
            ...byActor(actor),
            action: 'relay.set',
            result: 'ok',
            connectionId: conn.id,
            before: previous,
            after: relay,
            detail: `landing page: ${newLanding ?? 'none (the customer sees “you can close this tab”)'}`,
          }),
        );
        await announce(
          tx,
          thread,
          { connectionName: conn.name, state: connectionState(updated), lastEvent: 'return relay set' },
          { type: 'relay.set', by: actor.userId, before: previous, landingUrl: newLanding },
          at,
        );
      });
      return ok(updated);
    }
    if (landing === undefined || landing === conn.redirectUrl) return ok(conn);
    let updated: ConnectionSummary;
    try {
      updated = (await ctx.celigo.setRedirectUrl(conn.id, landing)).connection;
    } catch (err) {
      const f = celigoFailure(err);
      await auditFailure(actor, conn.id, 'redirect.set', f.kind);
      return fail(f.code, f.message);
    }
    await recordAppliedChange(
      actor,
      conn,
      {
        before: conn.redirectUrl ?? null,
        after: landing,
        celigoValue: landing,
        landingBefore: settings?.landingUrl ?? null,
      },
      updated,
    );
    return ok(updated);
  }

  /**
   * A landing page chosen in the link form is recorded as an applied RedirectChange, so the thread's reply
   * offers Undo exactly as for `redirect`.
   */
  async function recordAppliedChange(
    actor: Actor & { channelId: string },
    conn: ConnectionSummary,
    values: Pick<RedirectChange, 'before' | 'after' | 'celigoValue' | 'landingBefore'>,
    written?: ConnectionSummary,
  ): Promise<void> {
    const at = ctx.clock.now();
    const change: RedirectChange = {
      id: ctx.ids.newId(),
      teamId: actor.teamId,
      channelId: actor.channelId,
      connectionId: conn.id,
      connectionName: conn.name,
      ...values,
      requestedBy: actor.userId,
      state: 'applied',
      createdAt: at,
      decidedBy: actor.userId,
      decidedAt: at,
    };
    await ctx.storage.transaction(async (tx) => {
      await tx.redirectChanges.insert(change);
      await recordRedirectApplied(ctx, tx, change, actor, at, written);
    });
  }

  function issued(link: AuthLink, connection: ConnectionSummary, superseded: string[], duplicate: boolean): LinkIssued {
    return {
      link,
      connection,
      channelId: link.channelId,
      hosted: link.tokenHash !== null,
      superseded,
      completionDetectable: link.offlineAtIssue !== false,
      duplicate,
    };
  }

  async function existingFor(actor: Actor, conn: ConnectionSummary): Promise<AuthLink> {
    const [pending] = await ctx.storage.links.findOpenByConnection(actor.teamId, conn.id);
    const [newest] = pending ? [pending] : await ctx.storage.links.listByConnection(actor.teamId, conn.id, 1);
    if (!newest) throw new Error('idempotency key claimed but no link exists for the connection');
    return newest;
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
        return fail('no_channel', 'Customer links are followed in a channel thread. Please run this from a channel.');
      }
      const inChannel = { ...actor, channelId };
      const label = cleanText(input.customerLabel);
      if (label.length < 1 || label.length > MAX_LABEL_LENGTH) {
        return fail(
          'label_invalid',
          `Give a customer label of 1 to ${MAX_LABEL_LENGTH} characters, for example the customer’s company name.`,
        );
      }
      if (landing !== undefined) {
        const bad = checkRedirectUrl(landing, { allowedHosts: ctx.config.redirect.allowedHosts });
        if (bad) return fail('redirect_not_allowed', bad.message);
      }

      const found = await connections.resolve(input.connectionRef);
      if (!found.ok) {
        if (isCeligoFailureCode(found.code)) await auditFailure(actor, null, 'link.generate', found.code);
        return found;
      }
      let conn = found.value;
      if (!isOAuthAuthorizeCode(conn)) {
        return fail(
          'not_oauth',
          `“${conn.name}” is not an OAuth 2.0 authorization-code connection, so there is no customer consent screen to send a link to.`,
        );
      }

      const prepared = await prepareLanding(inChannel, conn, landing);
      if (!prepared.ok) return prepared;
      conn = prepared.value;

      let celigoUrl: string;
      try {
        // With PUBLIC_URL this only proves Celigo will issue one; Continue fetches a fresh URL (U2).
        celigoUrl = await ctx.celigo.getAuthorizationUrl(conn.id);
      } catch (err) {
        const f = celigoFailure(err);
        await auditFailure(actor, conn.id, 'link.generate', f.kind);
        return fail(f.code, f.message);
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

      // The idempotency key is claimed in the same transaction as the link: a submission that failed
      // earlier (Celigo down, bad connection) leaves it free, so the user can simply submit again.
      const superseded = await ctx.storage.transaction(async (tx) => {
        if (!(await tx.idempotency.claim(`link:${input.idempotencyKey}`, now))) return null;
        const replaced: AuthLink[] = [];
        for (const old of await tx.links.findOpenByConnection(actor.teamId, conn.id)) {
          if (await tx.links.transition(old.id, 'pending', 'superseded', now, SUPERSEDED_REASON)) replaced.push(old);
        }
        await tx.links.insert(link);
        await ctx.record(
          tx,
          entry({
            ...byActor(actor),
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
            entry({
              ...byActor(actor),
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
            { connectionName: conn.name, state: connectionState(conn), lastEvent: `link created for ${label}` },
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

      if (superseded === null) {
        log.info({ connectionId: conn.id }, 'Duplicate link submission; returning the existing link.');
        return ok(issued(await existingFor(actor, conn), conn, [], true));
      }
      log.info({ connectionId: conn.id, linkId: link.id, superseded: superseded.length }, 'Customer link issued.');
      return ok(issued(link, conn, superseded, false));
    },

    async revoke(actor, linkId) {
      const allowed = await access.check(actor, 'generate_link');
      if (!allowed.ok) return allowed;
      const link = await ctx.storage.links.get(linkId);
      if (!link || link.teamId !== actor.teamId) return fail('link_not_found', 'That link no longer exists.');
      if (
        link.state !== 'pending' ||
        !(await closeLink(ctx, link, 'revoked', {
          reason: `revoked by ${actor.userId}`,
          requestId: actor.requestId,
          userId: actor.userId,
        }))
      ) {
        return fail('link_closed', 'That link is no longer pending, so there is nothing to revoke.');
      }
      return ok((await ctx.storage.links.get(linkId)) ?? link);
    },
  };
}
