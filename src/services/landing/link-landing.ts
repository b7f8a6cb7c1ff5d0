import { type ConnectionSummary, connectionState } from '../../domain/connection.js';
import type { ThreadKey } from '../../domain/notification.js';
import { relayUrl } from '../../domain/public-urls.js';
import type { RedirectChange } from '../../ports/storage.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { fail, ok } from '../common/result.js';
import { announce } from '../common/thread-notices.js';
import type { LandingPages } from './contract.js';
import { shownLanding } from './decide.js';
import { landingChangeRefusal } from './landing-policy.js';
import { recordLandingWrite } from './landing-write.js';
import { recordRedirectApplied } from './redirect-apply.js';

/** The landing page part of creating a link: the relay, or a landing page chosen in the link form. */
export function buildLinkLanding(ctx: ServiceContext): LandingPages['forLink'] {
  const publicUrl = ctx.config.http.publicUrl;

  /**
   * With PUBLIC_URL, Celigo's oauth2RedirectUrl must point at our relay; the value it had becomes the
   * landing page (unless the caller chose a new one). Without it, a chosen landing page goes to Celigo
   * directly. What probe or the guard learned may rule out writing the field: then no landing page, and no
   * relay.
   */
  return async function forLink(actor, conn, landing) {
    const refusal = await landingChangeRefusal(ctx, conn);
    if (refusal !== null) return landing === undefined ? ok(conn) : fail('landing_pages_off', refusal);
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
      const newLanding = landing ?? shownLanding(publicUrl, previous, settings?.landingUrl ?? null);
      const set = await ctx.withCeligo(actor, 'relay.set', () => ctx.celigo.setRedirectUrl(conn.id, relay), {
        connectionId: conn.id,
      });
      if (!set.ok) return fail(set.code, set.message);
      const updated = set.value.connection;
      const at = ctx.clock.now();
      await ctx.storage.transaction(async (tx) => {
        await recordLandingWrite(
          ctx,
          tx,
          actor,
          {
            connectionId: conn.id,
            landingUrl: newLanding,
            relayActive: true,
            written: updated,
            audit: {
              action: 'relay.set',
              before: previous,
              after: relay,
              detail: `landing page: ${newLanding ?? 'none (the customer sees “you can close this tab”)'}`,
            },
          },
          at,
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
    const set = await ctx.withCeligo(actor, 'redirect.set', () => ctx.celigo.setRedirectUrl(conn.id, landing), {
      connectionId: conn.id,
    });
    if (!set.ok) return fail(set.code, set.message);
    const updated = set.value.connection;
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
  };

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
}
