import type { ConnectionSummary } from '../../domain/connection.js';
import { isRelayUrl } from '../../domain/public-urls.js';
import { checkRedirectUrl } from '../../domain/redirect-policy.js';
import type { RedirectChange, Stores } from '../../ports/storage.js';
import type { RedirectCode } from '../redirects/contract.js';
import { byActor, entry } from '../shared/audit-recorder.js';
import type { ServiceContext } from '../shared/context.js';
import type { Actor } from '../shared/contracts.js';
import { fail, ok } from '../shared/result.js';
import { announce } from '../shared/thread-notices.js';
import type { LandingPages } from './contract.js';
import { rebaselineAfterOwnWrite } from './own-write.js';
import { recordRedirectApplied, shownBefore } from './redirect-apply.js';
import { checkNotStale, refuseStale } from './stale-change.js';

/** A preview older than this cannot be confirmed: the value it showed may be stale. */
export const CHANGE_TTL_MS = 30 * 60_000;

type Refusal = { ok: false; code: RedirectCode; message: string };

const closed = (change: RedirectChange): { ok: false; code: 'change_closed'; message: string } =>
  fail('change_closed', `This change was already ${change.state}; nothing more was done.`);

/** Celigo failures of a write: not_confirmed has its own code here (RedirectCode has one). */
function writeFailure(f: { code: RedirectCode; message: string; kind: string }): Refusal {
  if (f.kind === 'not_confirmed') {
    return fail(
      'update_not_confirmed',
      `Celigo did not confirm the new value: ${f.message}. Check the connection before trying again.`,
    );
  }
  return fail(f.code, f.message);
}

/** Confirm, Cancel and Undo of a recorded change (the caller has checked access and that the change is its team's). */
export function buildChangeDecisions(ctx: ServiceContext): Pick<LandingPages, 'confirm' | 'cancel' | 'undo'> {
  const publicUrl = ctx.config.http.publicUrl;
  const reload = async (change: RedirectChange) => closed((await ctx.storage.redirectChanges.get(change.id)) ?? change);

  return {
    async confirm(actor, change) {
      if (change.state !== 'proposed') return closed(change);
      const now = ctx.clock.now();
      if (now.getTime() - change.createdAt.getTime() > CHANGE_TTL_MS) {
        await ctx.storage.redirectChanges.transition(change.id, 'proposed', 'expired', actor.userId, now);
        return fail('change_closed', 'This preview is more than 30 minutes old. Run the redirect command again.');
      }
      if (change.after !== null) {
        const bad = checkRedirectUrl(change.after, { allowedHosts: ctx.config.redirect.allowedHosts });
        if (bad) return fail('redirect_not_allowed', bad.message);
      }
      const fresh = await checkNotStale(ctx, change, 'confirm');
      if (!fresh.ok) return refuseStale(ctx, actor, change, 'redirect.set', fresh, 'proposed');
      // Claim first, so a double click applies once.
      if (!(await ctx.storage.redirectChanges.transition(change.id, 'proposed', 'applied', actor.userId, now))) {
        return reload(change);
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

    async cancel(actor, change) {
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
      if (!done) return reload(change);
      return ok(undefined);
    },

    async undo(actor, change) {
      if (change.state !== 'applied') return closed(change);
      // A newer change (or an edit in integrator.io) supersedes this Undo: it would discard that change.
      const fresh = await checkNotStale(ctx, change, 'undo');
      if (!fresh.ok) return refuseStale(ctx, actor, change, 'redirect.undo', fresh, null);
      const now = ctx.clock.now();
      if (!(await ctx.storage.redirectChanges.transition(change.id, 'applied', 'undone', actor.userId, now))) {
        return reload(change);
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
      await ctx.storage.transaction((tx) => recordUndone(ctx, tx, actor, change, restoredShown, written));
      return ok({ restored: restoredShown });
    },
  };
}

/** After an Undo: the previous landing page is remembered again, audited, and the thread is told. */
async function recordUndone(
  ctx: ServiceContext,
  tx: Stores,
  actor: Actor,
  change: RedirectChange,
  restoredShown: string | null,
  written: ConnectionSummary | undefined,
): Promise<void> {
  const at = ctx.clock.now();
  if (written) await rebaselineAfterOwnWrite(tx, written);
  await tx.settings.save({
    connectionId: change.connectionId,
    landingUrl: change.landingBefore,
    relayActive: isRelayUrl(ctx.config.http.publicUrl, change.before),
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
    { type: 'redirect.undone', by: actor.userId, before: change.after, after: restoredShown, changeId: change.id },
    at,
  );
}
