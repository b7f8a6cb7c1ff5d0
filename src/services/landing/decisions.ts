import type { ConnectionSummary } from '../../domain/connection.js';
import { isRelayUrl } from '../../domain/public-urls.js';
import { checkRedirectUrl } from '../../domain/redirect-policy.js';
import type { RedirectChange, RedirectChangeState, Stores } from '../../ports/storage.js';
import { actorEntry, refuse } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { fail, ok, type Result } from '../common/result.js';
import { type ChangeStep, changeSubject, type RedirectCode } from '../redirects/contract.js';
import type { LandingPages } from './contract.js';
import { announceChange, recordLandingWrite } from './landing-write.js';
import { recordRedirectApplied, shownBefore } from './redirect-apply.js';
import { checkNotStale, refuseStale } from './stale-change.js';

/** A preview older than this cannot be confirmed: the value it showed may be stale. */
export const CHANGE_TTL_MS = 30 * 60_000;

type Refusal = { ok: false; code: RedirectCode; message: string };

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
  /** Audited with its code, about this change. */
  const refused = <C extends RedirectCode>(
    actor: Actor,
    step: ChangeStep,
    change: RedirectChange,
    code: C,
    words: string,
  ) => refuse(ctx, actor, changeSubject(step, change.connectionId, change.id), fail(code, words));

  /** Already decided (the stored state, re-read when a claim was lost). */
  async function closed(actor: Actor, step: ChangeStep, change: RedirectChange, reread = false) {
    const now = reread ? ((await ctx.storage.redirectChanges.get(change.id)) ?? change) : change;
    return refused(actor, step, now, 'change_closed', `This change was already ${now.state}; nothing more was done.`);
  }

  /**
   * Writes `value` to Celigo for a claimed change; a failure moves the change back (`onFailure`) in the same
   * transaction as its audit entry. With the relay already in place only the stored landing page changes:
   * nothing is sent to Celigo, and `undefined` comes back.
   */
  async function write(
    actor: Actor,
    change: RedirectChange,
    action: 'redirect.set' | 'redirect.undo',
    value: string | null,
    opts: {
      shown: { before: string | null; after: string | null };
      onFailure: [RedirectChangeState, RedirectChangeState];
    },
  ): Promise<Result<ConnectionSummary | undefined, RedirectCode>> {
    if (change.before === change.celigoValue) return ok(undefined);
    const [from, to] = opts.onFailure;
    const set = await ctx.withCeligo(actor, action, () => ctx.celigo.setRedirectUrl(change.connectionId, value), {
      connectionId: change.connectionId,
      ...opts.shown,
      detail: (f) => `change ${change.id}: ${f.kind}`,
      inTransaction: async (tx) => {
        await tx.redirectChanges.transition(change.id, from, to, actor.userId, ctx.clock.now());
      },
    });
    return set.ok ? ok(set.value.connection) : writeFailure(set);
  }

  return {
    async confirm(actor, change) {
      if (change.state !== 'proposed') return closed(actor, 'redirect.set', change);
      const now = ctx.clock.now();
      if (now.getTime() - change.createdAt.getTime() > CHANGE_TTL_MS) {
        await ctx.storage.redirectChanges.transition(change.id, 'proposed', 'expired', actor.userId, now);
        const words = 'This preview is more than 30 minutes old. Run the redirect command again.';
        return refused(actor, 'redirect.set', change, 'change_closed', words);
      }
      if (change.after !== null) {
        const bad = checkRedirectUrl(change.after, { allowedHosts: ctx.config.redirect.allowedHosts });
        if (bad) return refused(actor, 'redirect.set', change, 'redirect_not_allowed', bad.message);
      }
      const fresh = await checkNotStale(ctx, change, 'confirm');
      if (!fresh.ok) return refuseStale(ctx, actor, change, 'redirect.set', fresh, 'proposed');
      // Claim first, so a double click applies once.
      if (!(await ctx.storage.redirectChanges.transition(change.id, 'proposed', 'applied', actor.userId, now))) {
        return closed(actor, 'redirect.set', change, true);
      }
      const set = await write(actor, change, 'redirect.set', change.celigoValue, {
        shown: { before: shownBefore(publicUrl, change), after: change.after },
        onFailure: ['applied', 'failed'],
      });
      if (!set.ok) return set;
      const written = set.value;
      await ctx.storage.transaction((tx) => recordRedirectApplied(ctx, tx, change, actor, ctx.clock.now(), written));
      return ok({ before: shownBefore(publicUrl, change), after: change.after });
    },

    async cancel(actor, change) {
      const now = ctx.clock.now();
      const done = await ctx.storage.transaction(async (tx) => {
        if (!(await tx.redirectChanges.transition(change.id, 'proposed', 'cancelled', actor.userId, now))) return false;
        await ctx.record(
          tx,
          actorEntry(actor, {
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
      if (!done) return closed(actor, 'redirect.cancel', change, true);
      return ok(undefined);
    },

    async undo(actor, change) {
      if (change.state !== 'applied') return closed(actor, 'redirect.undo', change);
      // A newer change (or an edit in integrator.io) supersedes this Undo: it would discard that change.
      const fresh = await checkNotStale(ctx, change, 'undo');
      if (!fresh.ok) return refuseStale(ctx, actor, change, 'redirect.undo', fresh, null);
      const now = ctx.clock.now();
      if (!(await ctx.storage.redirectChanges.transition(change.id, 'applied', 'undone', actor.userId, now))) {
        return closed(actor, 'redirect.undo', change, true);
      }
      const restoredShown = shownBefore(publicUrl, change);
      // The exact previous value, null included (null removes the field). Still applied on failure: Undo can be
      // tried again.
      const set = await write(actor, change, 'redirect.undo', change.before, {
        shown: { before: change.after, after: restoredShown },
        onFailure: ['undone', 'applied'],
      });
      if (!set.ok) return set;
      const written = set.value;
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
  await recordLandingWrite(
    ctx,
    tx,
    actor,
    {
      connectionId: change.connectionId,
      landingUrl: change.landingBefore,
      relayActive: isRelayUrl(ctx.config.http.publicUrl, change.before),
      written,
      audit: { action: 'redirect.undo', before: change.after, after: restoredShown, detail: `change ${change.id}` },
    },
    at,
  );
  await announceChange(
    tx,
    change,
    { lastEvent: 'landing page change undone' },
    { type: 'redirect.undone', by: actor.userId, before: change.after, after: restoredShown, changeId: change.id },
    at,
  );
}
