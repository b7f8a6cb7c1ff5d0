import { isRelayUrl } from '../domain/public-urls.js';
import type { RedirectChange } from '../ports/storage.js';
import { byActor, entry } from './audit-recorder.js';
import { type CeligoFailureCode, celigoFailure } from './celigo-failure.js';
import type { ServiceContext } from './context.js';
import type { Actor, RedirectCode } from './contracts.js';
import { fail, ok, type Result } from './result.js';

/**
 * Confirm and Undo act on a value someone saw earlier. Before writing, the value now in Celigo (and the stored
 * landing page, when the relay stands in Celigo) must still be the one the change expects; otherwise someone
 * changed it since, and writing would silently discard their change.
 */
export async function checkNotStale(
  ctx: ServiceContext,
  change: RedirectChange,
  expected: { readonly celigo: string | null; readonly landing: string | null },
): Promise<Result<void, 'change_stale' | CeligoFailureCode>> {
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
  return fail(
    'change_stale',
    `The landing page was changed to ${moved ?? 'none'} since then (in integrator.io or by a newer change here); nothing was changed.`,
  );
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
  const result = r.code === 'change_stale' ? 'refused' : 'failed';
  await ctx.recordNow(
    entry({
      ...byActor(actor),
      action,
      result,
      connectionId: change.connectionId,
      detail: `change ${change.id}: ${r.code}`,
    }),
  );
  return r;
}
