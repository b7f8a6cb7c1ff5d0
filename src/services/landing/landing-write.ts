import type { AuditAction } from '../../domain/audit.js';
import type { ConnectionSummary } from '../../domain/connection.js';
import type { OutboxMessage, ThreadEvent } from '../../domain/notification.js';
import type { RedirectChange, Stores } from '../../ports/storage.js';
import { actorEntry } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { announce, type CardUpdate } from '../common/thread-notices.js';
import { rebaselineAfterOwnWrite } from './own-write.js';

export interface LandingWrite {
  readonly connectionId: string;
  /** The landing page customers now reach, and whether Celigo points at the relay to get there. */
  readonly landingUrl: string | null;
  readonly relayActive: boolean;
  /** Celigo's connection after the app's write; omitted when only the stored landing page changed. */
  readonly written?: ConnectionSummary | undefined;
  readonly audit: {
    readonly action: AuditAction;
    readonly before: string | null;
    readonly after: string | null;
    readonly detail: string;
  };
}

/**
 * What every successful landing-page write records, in the caller's transaction: the pending links' new
 * baseline (the app's own write must not read as an authorization), the landing page to forward to, and the
 * audit entry.
 */
export async function recordLandingWrite(
  ctx: ServiceContext,
  tx: Stores,
  actor: Actor,
  w: LandingWrite,
  at: Date,
): Promise<void> {
  if (w.written) await rebaselineAfterOwnWrite(tx, w.written);
  await tx.settings.save({
    connectionId: w.connectionId,
    landingUrl: w.landingUrl,
    relayActive: w.relayActive,
    updatedBy: actor.userId,
    updatedAt: at,
  });
  await ctx.record(tx, actorEntry(actor, { result: 'ok', connectionId: w.connectionId, ...w.audit }));
}

/** Tells the change's thread about it (a change recorded outside a channel has no thread). */
export async function announceChange(
  tx: Stores,
  change: RedirectChange,
  update: Omit<CardUpdate, 'connectionName'>,
  event: ThreadEvent,
  at: Date,
  extra: { ref?: string; before?: readonly OutboxMessage[] } = {},
): Promise<void> {
  if (!change.channelId) return;
  const thread = { teamId: change.teamId, channelId: change.channelId, connectionId: change.connectionId };
  await announce(tx, thread, { connectionName: change.connectionName, ...update }, event, at, extra);
}
