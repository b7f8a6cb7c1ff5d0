import { type ConnectionSummary, connectionState } from '../domain/connection.js';
import { changeMessageRef, type OutboxMessage } from '../domain/notification.js';
import { isRelayUrl } from '../domain/public-urls.js';
import { CeligoError } from '../ports/celigo-errors.js';
import type { RedirectChange, Stores } from '../ports/storage.js';
import { entry } from './audit-recorder.js';
import { celigoFailure } from './celigo-failure.js';
import type { ServiceContext } from './context.js';
import type { Actor, RedirectCode } from './contracts.js';
import { rebaselineAfterOwnWrite } from './own-write.js';
import { announce } from './thread-notices.js';

/** The landing page the user saw before the change: the stored one when the relay was in place, else Celigo's value. */
export const shownBefore = (publicUrl: string | null, change: RedirectChange): string | null =>
  isRelayUrl(publicUrl, change.before) ? change.landingBefore : change.before;

/**
 * After Celigo accepted an applied change: remember the landing page, audit `redirect.set`, update the card
 * and tell the thread (the reply carries the change id, for Undo).
 */
export async function recordRedirectApplied(
  ctx: ServiceContext,
  tx: Stores,
  change: RedirectChange,
  actor: Actor,
  at: Date,
  /**
   * The connection as Celigo reported it after accepting the change (for the card and the pending links'
   * baseline); omitted when nothing was written to Celigo.
   */
  written?: ConnectionSummary,
): Promise<void> {
  const publicUrl = ctx.config.http.publicUrl;
  if (written) await rebaselineAfterOwnWrite(tx, written);
  const state = written ? connectionState(written) : undefined;
  const viaRelay = isRelayUrl(publicUrl, change.celigoValue);
  const before = shownBefore(publicUrl, change);
  await tx.settings.save({
    connectionId: change.connectionId,
    landingUrl: change.after,
    relayActive: viaRelay,
    updatedBy: actor.userId,
    updatedAt: at,
  });
  await ctx.record(
    tx,
    entry({
      teamId: actor.teamId,
      userId: actor.userId,
      channelId: actor.channelId,
      requestId: actor.requestId,
      action: 'redirect.set',
      result: 'ok',
      connectionId: change.connectionId,
      before,
      after: change.after,
      detail: `change ${change.id}${viaRelay ? ' (through the return relay)' : ''}`,
    }),
  );
  if (!change.channelId) return;
  const thread = { teamId: change.teamId, channelId: change.channelId, connectionId: change.connectionId };
  // This change supersedes the Undo of the one applied before it: that reply loses its button first.
  const older = (await tx.redirectChanges.listApplied(change.teamId, change.connectionId, 2)).find(
    (c) => c.id !== change.id,
  );
  const superseded = older ? undoClosedEdit(publicUrl, older, 'a newer change replaced this one') : null;
  await announce(
    tx,
    thread,
    { connectionName: change.connectionName, state, lastEvent: 'landing page changed' },
    { type: 'redirect.changed', by: actor.userId, before, after: change.after, changeId: change.id, viaRelay },
    at,
    { ref: changeMessageRef(change.id), before: superseded ? [superseded] : [] },
  );
}

/** An edit of an applied change's "Landing page changed" reply: the same words, its Undo replaced by why. */
export function undoClosedEdit(publicUrl: string | null, change: RedirectChange, why: string): OutboxMessage | null {
  if (!change.channelId) return null;
  return {
    kind: 'edit',
    thread: { teamId: change.teamId, channelId: change.channelId, connectionId: change.connectionId },
    ref: changeMessageRef(change.id),
    event: {
      type: 'redirect.changed',
      by: change.decidedBy ?? change.requestedBy,
      before: shownBefore(publicUrl, change),
      after: change.after,
      changeId: change.id,
      viaRelay: isRelayUrl(publicUrl, change.celigoValue),
      undoClosed: why,
    },
  };
}

/** Celigo failures of a write: not_confirmed has its own code here (RedirectCode has one). */
export function redirectWriteFailure(err: unknown): { code: RedirectCode; message: string; kind: string } {
  const f = celigoFailure(err);
  if (err instanceof CeligoError && err.kind === 'not_confirmed') {
    return {
      code: 'update_not_confirmed',
      kind: f.kind,
      message: `Celigo did not confirm the new value: ${err.message}. Check the connection before trying again.`,
    };
  }
  return f;
}
