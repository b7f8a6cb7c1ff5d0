import { type ConnectionSummary, connectionState } from '../../domain/connection.js';
import { changeMessageRef, type OutboxMessage } from '../../domain/notification.js';
import { isRelayUrl } from '../../domain/public-urls.js';
import type { RedirectChange, Stores } from '../../ports/storage.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { shownLanding } from './decide.js';
import { announceChange, recordLandingWrite } from './landing-write.js';

/** The landing page the user saw before the change: the stored one when the relay was in place, else Celigo's value. */
export const shownBefore = (publicUrl: string | null, change: RedirectChange): string | null =>
  shownLanding(publicUrl, change.before, change.landingBefore);

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
  const state = written ? connectionState(written) : undefined;
  const viaRelay = isRelayUrl(publicUrl, change.celigoValue);
  const before = shownBefore(publicUrl, change);
  await recordLandingWrite(
    ctx,
    tx,
    actor,
    {
      connectionId: change.connectionId,
      landingUrl: change.after,
      relayActive: viaRelay,
      written,
      audit: {
        action: 'redirect.set',
        before,
        after: change.after,
        detail: `change ${change.id}${viaRelay ? ' (through the return relay)' : ''}`,
      },
    },
    at,
  );
  if (!change.channelId) return;
  // This change supersedes the Undo of the one applied before it: that reply loses its button first.
  const older = (await tx.redirectChanges.listApplied(change.teamId, change.connectionId, 2)).find(
    (c) => c.id !== change.id,
  );
  const superseded = older ? undoClosedEdit(publicUrl, older, 'a newer change replaced this one') : null;
  await announceChange(
    tx,
    change,
    { state, lastEvent: 'landing page changed' },
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
