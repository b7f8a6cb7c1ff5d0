import { isRelayUrl } from '../../domain/public-urls.js';
import type { RedirectChange } from '../../ports/storage.js';
import { actorEntry, refuse } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import { fail, ok } from '../common/result.js';
import type { LandingPages } from './contract.js';
import { celigoValueFor, shownLanding } from './decide.js';
import { buildChangeDecisions } from './decisions.js';
import { landingChangeRefusal } from './landing-policy.js';
import { buildLinkLanding } from './link-landing.js';

/** The landing-page module: one object for links and redirects alike (see contract.ts). */
export function buildLandingPages(ctx: ServiceContext): LandingPages {
  const publicUrl = ctx.config.http.publicUrl;

  const preview: LandingPages['preview'] = async (actor, conn, url, dryRun) => {
    const refusal = await landingChangeRefusal(ctx, conn);
    if (refusal !== null) {
      return refuse(
        ctx,
        actor,
        { action: 'redirect.preview', connectionId: conn.id },
        fail('landing_pages_off', refusal),
      );
    }
    const settings = await ctx.storage.settings.get(conn.id);
    const before = conn.redirectUrl ?? null;
    const landingBefore = settings?.landingUrl ?? null;
    const celigoValue = celigoValueFor(publicUrl, conn.id, url);
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
    const current = shownLanding(publicUrl, before, landingBefore);
    const request = ctx.celigo.describeRedirectUpdate(conn.id, before, celigoValue);
    await ctx.storage.transaction(async (tx) => {
      await tx.redirectChanges.insert(change);
      await ctx.record(
        tx,
        actorEntry(actor, {
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
  };

  return {
    refusal: (conn) => landingChangeRefusal(ctx, conn),
    forLink: buildLinkLanding(ctx),
    preview,
    ...buildChangeDecisions(ctx),
  };
}
