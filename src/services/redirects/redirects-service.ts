import { type ConnectionSummary, isOAuth2 } from '../../domain/connection.js';
import { isRelayUrl, relayUrl } from '../../domain/public-urls.js';
import { checkRedirectUrl } from '../../domain/redirect-policy.js';
import type { RedirectChange } from '../../ports/storage.js';
import type { AccessService } from '../access/contract.js';
import type { ConnectionsService } from '../connections/contract.js';
import { landingChangeRefusal } from '../landing/landing-policy.js';
import { rebaselineAfterOwnWrite } from '../landing/own-write.js';
import { recordRedirectApplied, shownBefore } from '../landing/redirect-apply.js';
import { checkNotStale, refuseStale } from '../landing/stale-change.js';
import { byActor, entry } from '../shared/audit-recorder.js';
import { isCeligoFailureCode } from '../shared/celigo-failure.js';
import type { ServiceContext } from '../shared/context.js';
import type { Actor } from '../shared/contracts.js';
import { fail, ok, type Result } from '../shared/result.js';
import { announce } from '../shared/thread-notices.js';
import type { RedirectCode, RedirectsService } from './contract.js';

/** A preview older than this cannot be confirmed: the value it showed may be stale. */
export const CHANGE_TTL_MS = 30 * 60_000;

export function buildRedirectsService(
  ctx: ServiceContext,
  access: AccessService,
  connections: ConnectionsService,
): RedirectsService {
  const publicUrl = ctx.config.http.publicUrl;
  const policy = () => ({ allowedHosts: ctx.config.redirect.allowedHosts });

  /** A change of this team, or change_not_found. */
  async function load(actor: Actor, changeId: string): Promise<Result<RedirectChange, RedirectCode>> {
    const change = await ctx.storage.redirectChanges.get(changeId);
    if (!change || change.teamId !== actor.teamId) {
      return fail('change_not_found', 'That redirect change no longer exists. Run the redirect command again.');
    }
    return ok(change);
  }

  const closed = (change: RedirectChange): { ok: false; code: 'change_closed'; message: string } =>
    fail('change_closed', `This change was already ${change.state}; nothing more was done.`);

  /** Celigo failures of a write: not_confirmed has its own code here (RedirectCode has one). */
  function writeFailure(f: { code: RedirectCode; message: string; kind: string }): {
    ok: false;
    code: RedirectCode;
    message: string;
  } {
    if (f.kind === 'not_confirmed') {
      return fail(
        'update_not_confirmed',
        `Celigo did not confirm the new value: ${f.message}. Check the connection before trying again.`,
      );
    }
    return fail(f.code, f.message);
  }

  return {
    async preview(actor, connectionRef, rawUrl, dryRun) {
      const allowed = await access.check(actor, 'set_redirect');
      if (!allowed.ok) return allowed;
      const url = rawUrl.trim();
      const bad = checkRedirectUrl(url, policy());
      if (bad) return fail('redirect_not_allowed', bad.message);
      const found = await connections.resolveFor(actor, 'set_redirect', connectionRef);
      if (!found.ok) {
        if (isCeligoFailureCode(found.code)) {
          await ctx.recordNow(
            entry({ ...byActor(actor), action: 'redirect.preview', result: 'failed', detail: found.code }),
          );
        }
        return found;
      }
      const conn = found.value;
      if (!isOAuth2(conn)) {
        return fail('not_oauth', `“${conn.name}” is not an OAuth 2.0 connection, so it has no landing page to set.`);
      }
      const refusal = await landingChangeRefusal(ctx, conn);
      if (refusal !== null) {
        await ctx.recordNow(
          entry({
            ...byActor(actor),
            action: 'redirect.preview',
            result: 'refused',
            connectionId: conn.id,
            detail: 'landing_pages_off',
          }),
        );
        return fail('landing_pages_off', refusal);
      }
      const settings = await ctx.storage.settings.get(conn.id);
      const before = conn.redirectUrl ?? null;
      const relayInPlace = isRelayUrl(publicUrl, before);
      const landingBefore = settings?.landingUrl ?? null;
      const celigoValue = publicUrl !== null ? relayUrl(publicUrl, conn.id) : url;
      const now = ctx.clock.now();
      const change: RedirectChange = {
        id: ctx.ids.newId(),
        teamId: actor.teamId,
        channelId: actor.channelId ?? '',
        connectionId: conn.id,
        connectionName: conn.name,
        before,
        after: url,
        celigoValue,
        landingBefore,
        requestedBy: actor.userId,
        // A dry run is stored closed, so its id can never be confirmed.
        state: dryRun ? 'cancelled' : 'proposed',
        createdAt: now,
        decidedBy: dryRun ? actor.userId : null,
        decidedAt: dryRun ? now : null,
      };
      const current = relayInPlace ? landingBefore : before;
      const request = ctx.celigo.describeRedirectUpdate(conn.id, before, celigoValue);
      await ctx.storage.transaction(async (tx) => {
        await tx.redirectChanges.insert(change);
        await ctx.record(
          tx,
          entry({
            ...byActor(actor),
            action: 'redirect.preview',
            result: dryRun ? 'dry_run' : 'ok',
            connectionId: conn.id,
            before: current,
            after: url,
            detail: `change ${change.id}${dryRun ? '; dry run, nothing sent to Celigo' : ''}`,
          }),
        );
      });
      return ok({
        changeId: change.id,
        connection: conn,
        current,
        next: url,
        dryRun,
        request: dryRun ? request : null,
        alreadyAuthorized: conn.offline === false,
        viaRelay: isRelayUrl(publicUrl, celigoValue),
      });
    },

    async confirm(actor, changeId) {
      // Who may act comes from the verified request, never from the button's value.
      const allowed = await access.check(actor, 'set_redirect');
      if (!allowed.ok) return allowed;
      const loaded = await load(actor, changeId);
      if (!loaded.ok) return loaded;
      const change = loaded.value;
      if (change.state !== 'proposed') return closed(change);
      const now = ctx.clock.now();
      if (now.getTime() - change.createdAt.getTime() > CHANGE_TTL_MS) {
        await ctx.storage.redirectChanges.transition(change.id, 'proposed', 'expired', actor.userId, now);
        return fail('change_closed', 'This preview is more than 30 minutes old. Run the redirect command again.');
      }
      if (change.after !== null) {
        const bad = checkRedirectUrl(change.after, policy());
        if (bad) return fail('redirect_not_allowed', bad.message);
      }
      const fresh = await checkNotStale(ctx, change, 'confirm');
      if (!fresh.ok) return refuseStale(ctx, actor, change, 'redirect.set', fresh, 'proposed');
      // Claim first, so a double click applies once.
      if (!(await ctx.storage.redirectChanges.transition(change.id, 'proposed', 'applied', actor.userId, now))) {
        return closed((await ctx.storage.redirectChanges.get(change.id)) ?? change);
      }
      // With the relay already in place only the stored landing page changes: nothing to send to Celigo.
      let written: ConnectionSummary | undefined;
      if (change.before !== change.celigoValue) {
        const set = await ctx.withCeligo(
          actor,
          'redirect.set',
          () => ctx.celigo.setRedirectUrl(change.connectionId, change.celigoValue),
          {
            connectionId: change.connectionId,
            before: shownBefore(publicUrl, change),
            after: change.after,
            detail: (f) => `change ${change.id}: ${f.kind}`,
            inTransaction: async (tx) => {
              await tx.redirectChanges.transition(change.id, 'applied', 'failed', actor.userId, ctx.clock.now());
            },
          },
        );
        if (!set.ok) return writeFailure(set);
        written = set.value.connection;
      }
      await ctx.storage.transaction((tx) => recordRedirectApplied(ctx, tx, change, actor, ctx.clock.now(), written));
      return ok({ before: shownBefore(publicUrl, change), after: change.after });
    },

    async cancel(actor, changeId) {
      const allowed = await access.check(actor, 'set_redirect');
      if (!allowed.ok) return allowed;
      const loaded = await load(actor, changeId);
      if (!loaded.ok) return loaded;
      const change = loaded.value;
      const now = ctx.clock.now();
      const done = await ctx.storage.transaction(async (tx) => {
        if (!(await tx.redirectChanges.transition(change.id, 'proposed', 'cancelled', actor.userId, now))) return false;
        await ctx.record(
          tx,
          entry({
            ...byActor(actor),
            action: 'redirect.cancel',
            result: 'ok',
            connectionId: change.connectionId,
            before: shownBefore(publicUrl, change),
            after: change.after,
            detail: `change ${change.id}`,
          }),
        );
        return true;
      });
      if (!done) return closed((await ctx.storage.redirectChanges.get(change.id)) ?? change);
      return ok(undefined);
    },

    async undo(actor, changeId) {
      const allowed = await access.check(actor, 'set_redirect');
      if (!allowed.ok) return allowed;
      const loaded = await load(actor, changeId);
      if (!loaded.ok) return loaded;
      const change = loaded.value;
      if (change.state !== 'applied') return closed(change);
      // A newer change (or an edit in integrator.io) supersedes this Undo: it would discard that change.
      const fresh = await checkNotStale(ctx, change, 'undo');
      if (!fresh.ok) return refuseStale(ctx, actor, change, 'redirect.undo', fresh, null);
      const now = ctx.clock.now();
      if (!(await ctx.storage.redirectChanges.transition(change.id, 'applied', 'undone', actor.userId, now))) {
        return closed((await ctx.storage.redirectChanges.get(change.id)) ?? change);
      }
      const restoredShown = shownBefore(publicUrl, change);
      let written: ConnectionSummary | undefined;
      if (change.before !== change.celigoValue) {
        const set = await ctx.withCeligo(
          actor,
          'redirect.undo',
          // The exact previous value, null included (null removes the field).
          () => ctx.celigo.setRedirectUrl(change.connectionId, change.before),
          {
            connectionId: change.connectionId,
            before: change.after,
            after: restoredShown,
            detail: (f) => `change ${change.id}: ${f.kind}`,
            // Still applied: Undo can be tried again.
            inTransaction: async (tx) => {
              await tx.redirectChanges.transition(change.id, 'undone', 'applied', actor.userId, ctx.clock.now());
            },
          },
        );
        if (!set.ok) return writeFailure(set);
        written = set.value.connection;
      }
      const at = ctx.clock.now();
      await ctx.storage.transaction(async (tx) => {
        if (written) await rebaselineAfterOwnWrite(tx, written);
        await tx.settings.save({
          connectionId: change.connectionId,
          landingUrl: change.landingBefore,
          relayActive: isRelayUrl(publicUrl, change.before),
          updatedBy: actor.userId,
          updatedAt: at,
        });
        await ctx.record(
          tx,
          entry({
            ...byActor(actor),
            action: 'redirect.undo',
            result: 'ok',
            connectionId: change.connectionId,
            before: change.after,
            after: restoredShown,
            detail: `change ${change.id}`,
          }),
        );
        if (!change.channelId) return;
        const thread = { teamId: change.teamId, channelId: change.channelId, connectionId: change.connectionId };
        await announce(
          tx,
          thread,
          { connectionName: change.connectionName, lastEvent: 'landing page change undone' },
          {
            type: 'redirect.undone',
            by: actor.userId,
            before: change.after,
            after: restoredShown,
            changeId: change.id,
          },
          at,
        );
      });
      return ok({ restored: restoredShown });
    },
  };
}
