import { isRelayUrl } from '../../domain/public-urls.js';
import type { RedirectChange } from '../../ports/storage.js';
import { refuse } from '../common/audit-recorder.js';
import { type CeligoFailureCode, celigoFailure } from '../common/celigo-failure.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { fail, ok, type Result } from '../common/result.js';
import type { RedirectCode } from '../redirects/contract.js';
import { undoClosedEdit } from './redirect-apply.js';

/**
 * Confirm and Undo act on a value someone saw earlier. Before writing, the value now in Celigo (and the stored
 * landing page, when the relay stands in Celigo) must still be the one the change expects; otherwise someone
 * changed it since, and writing would silently discard their change.
 */
export async function checkNotStale(
  ctx: ServiceContext,
  change: RedirectChange,
  step: 'confirm' | 'undo',
): Promise<Result<void, 'change_stale' | CeligoFailureCode>> {
  // Confirm expects what the preview saw; Undo expects what the change left.
  const expected =
    step === 'confirm'
      ? { celigo: change.before, landing: change.landingBefore }
      : { celigo: change.celigoValue, landing: change.after };
  const since =
    step === 'confirm'
      ? { at: change.createdAt, what: 'this preview' }
      : { at: change.decidedAt ?? change.createdAt, what: 'this change' };
  let now: string | null;
  try {
    now = (await ctx.celigo.getConnection(change.connectionId)).redirectUrl ?? null;
  } catch (err) {
    const f = celigoFailure(err);
    return fail(f.code, f.message);
  }
  const publicUrl = ctx.config.http.publicUrl;
  let moved: string | null | undefined;
  if (now !== expected.celigo) moved = isRelayUrl(publicUrl, now) ? null : now;
  else if (isRelayUrl(publicUrl, now)) {
    const landing = (await ctx.storage.settings.get(change.connectionId))?.landingUrl ?? null;
    if (landing !== expected.landing) moved = landing;
  }
  if (moved === undefined) return ok(undefined);
  const who = await changedBy(ctx, change.connectionId, moved, since.at);
  return fail(
    'change_stale',
    `The landing page was changed to ${moved ?? 'none'} ${who} since ${since.what}; nothing was changed.`,
  );
}

/**
 * Names who moved the value when this app did it: the newest successful set or undo since `at` that left
 * this value (its audit entry). Anything else happened outside the app.
 */
async function changedBy(ctx: ServiceContext, connectionId: string, value: string | null, at: Date): Promise<string> {
  const recent = await ctx.storage.audit.query({ connectionId, since: at, order: 'desc', limit: 50 });
  const by = recent.find(
    (e) => (e.action === 'redirect.set' || e.action === 'redirect.undo') && e.result === 'ok' && e.after === value,
  )?.userId;
  return by ? `by <@${by}>` : 'in integrator.io or by another tool';
}

/** A stale preview is closed (it can never apply); a stale Undo stays as it is. Either way it is audited. */
export async function refuseStale(
  ctx: ServiceContext,
  actor: Actor,
  change: RedirectChange,
  action: 'redirect.set' | 'redirect.undo',
  r: { ok: false; code: RedirectCode; message: string },
  closeFrom: 'proposed' | null,
): Promise<{ ok: false; code: RedirectCode; message: string }> {
  const at = ctx.clock.now();
  if (closeFrom) await ctx.storage.redirectChanges.transition(change.id, closeFrom, 'expired', actor.userId, at);
  // A stale Undo can never apply: its reply loses the button.
  const edit =
    action === 'redirect.undo' && r.code === 'change_stale'
      ? undoClosedEdit(ctx.config.http.publicUrl, change, 'the landing page was changed since')
      : null;
  if (edit) await ctx.storage.transaction((tx) => tx.outbox.enqueue([edit], at));
  return refuse(ctx, actor, { action, connectionId: change.connectionId, subject: `change ${change.id}` }, r);
}
