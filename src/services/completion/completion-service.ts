import { accountOf, isConnectionKey, normalizeKey } from '../../domain/account.js';
import type { ConnectionSummary } from '../../domain/connection.js';
import { type AuthLink, isExpired } from '../../domain/link.js';
import type { OutboxMessage } from '../../domain/notification.js';
import { checkRedirectUrl } from '../../domain/redirect-policy.js';
import type { Watch } from '../../ports/storage.js';
import { createOutageNotices } from '../accounts/index.js';
import { entry } from '../common/audit-recorder.js';
import { celigoFailure } from '../common/celigo-failure.js';
import type { ServiceContext } from '../common/context.js';
import { refreshCard } from '../common/thread-notices.js';
import { takingTurns } from '../common/turns.js';
import { detectDrift } from '../drift/index.js';
import { homeRefreshes } from '../home/index.js';
import { closeLink } from '../links/index.js';
import { sendReminders } from '../reminders/index.js';
import type { CompletionService, PollReport, RelayOutcome } from './contract.js';
import { auditArrival, knownParamNames, noteNotFinished } from './relay-hints.js';

/**
 * Completion (Q-offline-signal): Celigo says online, and either the connection was offline when the link was issued or
 * it has been modified since (a fresh authorization writes new tokens). A connection that was already
 * online and untouched proves nothing.
 */
export function looksAuthorized(
  link: Pick<AuthLink, 'offlineAtIssue' | 'lastModifiedAtIssue'>,
  conn: Pick<ConnectionSummary, 'offline' | 'lastModified'>,
): boolean {
  if (conn.offline !== false) return false;
  if (link.offlineAtIssue === true) return true;
  return conn.lastModified !== undefined && conn.lastModified !== (link.lastModifiedAtIssue ?? undefined);
}

/** The relay's `error` value, reduced to something safe to store and show. */
export const relayErrorReason = (value: string): string =>
  value
    .slice(0, 200)
    .replace(/[^A-Za-z0-9_.-]/g, '')
    .slice(0, 100) || 'the authorization returned an error';

type Settled = 'completed' | 'failed' | 'pending';

export function buildCompletionService(ctx: ServiceContext): CompletionService {
  const log = ctx.logger.child({ module: 'completion' });
  const outage = createOutageNotices(ctx);

  /**
   * Checks one pending link against what Celigo reported and, when it looks authorized, confirms with a
   * ping. The CAS in closeLink makes sure only one round or replica announces it.
   */
  async function settle(
    link: AuthLink,
    conn: ConnectionSummary,
    requestId: string | null,
    count: () => void,
  ): Promise<Settled> {
    if (!looksAuthorized(link, conn)) return 'pending';
    let ping: Awaited<ReturnType<typeof ctx.celigo.ping>>;
    try {
      count();
      ping = await ctx.celigo.ping(link.connectionId);
    } catch (err) {
      log.warn(
        { linkId: link.id, kind: celigoFailure(err).kind },
        'Ping failed; the link is checked again next round.',
      );
      return 'pending';
    }
    if (ping.ok) {
      return (await closeLink(ctx, link, 'completed', { reason: null, requestId, state: 'online' }))
        ? 'completed'
        : 'pending';
    }
    const reason = `Celigo reports the connection online but its test failed: ${ping.reason}`;
    return (await closeLink(ctx, link, 'failed', { reason, requestId, state: 'online' })) ? 'failed' : 'pending';
  }

  /** Online → offline, or back: tell every thread of the connection, once (CAS on the watch). */
  async function flip(
    w: Watch,
    conn: ConnectionSummary,
    hadPendingLink: boolean,
  ): Promise<'offline' | 'online' | null> {
    const offline = conn.offline === true;
    const now = ctx.clock.now();
    return ctx.storage.transaction(async (tx) => {
      if (!(await tx.watches.recordState(w.connectionId, w.lastOffline, offline, conn.lastModified ?? null, now))) {
        return null;
      }
      // The first observation only sets the baseline.
      if (w.lastOffline === null) return null;
      if (!offline && hadPendingLink) return null; // the link's own completion is the news
      if (!offline) {
        // Completed through the relay since our last look: the completion reply already said it is online.
        const [newest] = await tx.links.listByConnection(w.teamId, w.connectionId, 1);
        const since = w.checkedAt?.getTime() ?? 0;
        if (newest?.state === 'completed' && (newest.closedAt?.getTime() ?? 0) > since) return null;
      }
      await ctx.record(
        tx,
        entry({
          teamId: w.teamId,
          action: offline ? 'connection.offline' : 'connection.online',
          result: 'ok',
          connectionId: w.connectionId,
          before: offline ? 'online' : 'offline',
          after: offline ? 'offline' : 'online',
          detail: conn.name,
        }),
      );
      const messages: OutboxMessage[] = offline ? await homeRefreshes(tx, w.teamId, [w.lastRequester], now) : [];
      const [last] = offline ? await tx.links.listByConnection(w.teamId, w.connectionId, 1) : [];
      for (const thread of await tx.threads.listByConnection(w.teamId, w.connectionId)) {
        messages.push(
          await refreshCard(
            tx,
            thread.key,
            {
              connectionName: conn.name,
              state: offline ? 'offline' : 'online',
              lastEvent: offline ? 'went offline: needs re-authorization' : 'back online',
            },
            now,
          ),
          {
            kind: 'reply',
            thread: thread.key,
            event: offline
              ? {
                  type: 'connection.offline',
                  connectionName: conn.name,
                  lastRequester: w.lastRequester,
                  lastCustomerLabel: last?.customerLabel ?? null,
                }
              : { type: 'connection.online', connectionName: conn.name },
          },
        );
      }
      if (messages.length) await tx.outbox.enqueue(messages, now);
      return offline ? 'offline' : 'online';
    });
  }

  async function forwardFor(connectionId: string): Promise<string | null> {
    const landing = (await ctx.storage.settings.get(connectionId))?.landingUrl ?? null;
    // Re-checked on every use: the allowed hosts may have changed since it was stored.
    if (landing === null || checkRedirectUrl(landing, { allowedHosts: ctx.config.redirect.allowedHosts })) return null;
    return landing;
  }

  return {
    async relayArrived(rawId, params, requestId): Promise<RelayOutcome> {
      // Q-return-parameters: what Celigo appends is undocumented and values may be secrets (codes, state):
      // only names from a known list are ever recorded, never values or names a visitor made up.
      const names = knownParamNames(params);
      log.info({ params: names, requestId }, 'Customer browser arrived at the return relay.');
      const unknown: RelayOutcome = { forwardTo: null, status: 'unknown_connection', matched: false };
      if (!isConnectionKey(rawId)) return unknown;
      const connectionId = normalizeKey(rawId);
      // Anyone may call the relay: only look up this connection, never read every watch.
      const [settings, watch] = await Promise.all([
        ctx.storage.settings.get(connectionId),
        ctx.storage.watches.get(connectionId),
      ]);
      if (!settings && !watch) return unknown;
      const forwardTo = await forwardFor(connectionId);
      // A connection has one watch, so one team; its open links come newest first.
      const pending = watch ? await ctx.storage.links.findOpenByConnection(watch.teamId, connectionId) : [];
      const newest = pending[0];
      // No pending link: nothing to audit or post (the caller counts it in metrics).
      if (newest) await auditArrival(ctx, newest, names, requestId);
      const matched = newest !== undefined;

      const error = params.get('error');
      if (error !== null) {
        // A hint, not a verdict: anyone can add ?error= to the relay URL. It only counts for a link whose
        // Continue was just pressed, and even then the link stays usable until it expires.
        if (newest) await noteNotFinished(ctx, newest, relayErrorReason(error), requestId);
        return { forwardTo, status: 'failed', matched };
      }

      let conn: ConnectionSummary;
      try {
        conn = await ctx.celigo.getConnection(connectionId);
      } catch (err) {
        log.warn({ connectionId, kind: celigoFailure(err).kind }, 'Could not check the connection; polling will.');
        return { forwardTo, status: 'pending', matched };
      }
      if (pending.length === 0) {
        return { forwardTo, status: conn.offline === false ? 'completed' : 'pending', matched };
      }
      const outcomes = await Promise.all(pending.map((l) => settle(l, conn, requestId, () => {})));
      // Another round may have announced it a moment earlier: then the link is closed, not pending.
      const after = await Promise.all(pending.map((l) => ctx.storage.links.get(l.id)));
      const states = new Set<string>([...outcomes, ...after.map((l) => l?.state ?? 'pending')]);
      const status = states.has('completed') ? 'completed' : states.has('failed') ? 'failed' : 'pending';
      return { forwardTo, status, matched };
    },

    async pollOnce(): Promise<PollReport> {
      let celigoCalls = 0;
      let expired = 0;
      let completed = 0;
      let wentOffline = 0;
      let checkedLinks = 0;
      const report = (): PollReport => ({ checkedLinks, completed, expired, wentOffline, celigoCalls });
      // Slack requests arriving during the round get their turn every few milliseconds, and the round steps
      // aside while Slack work is waiting (common/turns.ts).
      const pause = takingTurns({ busy: ctx.foreground });

      const now = ctx.clock.now();
      const live: AuthLink[] = [];
      for (const link of await ctx.storage.links.listOpen()) {
        await pause();
        if (!isExpired(link, now)) live.push(link);
        else if (await closeLink(ctx, link, 'expired', { reason: 'the link ran out', requestId: null })) expired += 1;
      }
      const watches = await ctx.storage.watches.list();
      if (live.length === 0 && watches.length === 0) return report();

      // One bulk list per account per round, whatever the number of links (Celigo's rate limit is per
      // account). An account that does not answer is skipped this round; the others go on.
      const byId = new Map<string, ConnectionSummary>();
      const wanted = [...new Set([...live, ...watches].map((x) => accountOf(x.connectionId)))];
      const known = wanted.filter((a) => ctx.accounts.names.includes(a));
      celigoCalls += known.length;
      for (const listing of await ctx.accounts.listEach(known)) {
        if (listing.ok) {
          await outage.recovered(listing.account);
          for (const c of listing.connections) byId.set(c.id, c);
        } else {
          const kind = celigoFailure(listing.error).kind;
          log.warn({ account: listing.account, kind }, 'Could not list connections; the next round retries.');
          await outage.failed(listing.account, kind, live);
        }
      }

      const withPending = new Set(live.map((l) => l.connectionId));
      for (const link of live) {
        await pause();
        const conn = byId.get(link.connectionId);
        if (!conn) continue; // deleted in Celigo, or not visible to this token; expiry will close it
        checkedLinks += 1;
        if ((await settle(link, conn, null, () => (celigoCalls += 1))) === 'completed') completed += 1;
      }

      await sendReminders(ctx, live, pause);
      await detectDrift(ctx, watches, byId, pause);

      for (const w of watches) {
        await pause();
        const conn = byId.get(w.connectionId);
        if (!conn || conn.offline === undefined || conn.offline === w.lastOffline) continue;
        if ((await flip(w, conn, withPending.has(w.connectionId))) === 'offline') wentOffline += 1;
      }
      return report();
    },
  };
}
