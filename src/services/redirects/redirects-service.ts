import { isOAuth2 } from '../../domain/connection.js';
import { checkRedirectUrl } from '../../domain/redirect-policy.js';
import type { RedirectChange } from '../../ports/storage.js';
import type { AccessService } from '../access/contract.js';
import { auditOutcome, refuse } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { fail, ok, type Result } from '../common/result.js';
import type { ConnectionsService } from '../connections/contract.js';
import type { LandingPages } from '../landing/index.js';
import { type ChangeStep, changeSubject, type RedirectCode, type RedirectsService } from './contract.js';

/**
 * `/celigo redirect` and its buttons: who may act, which connection and which change. What a change does to the
 * landing page is the landing module's (services/landing/).
 */
export function buildRedirectsService(
  ctx: ServiceContext,
  access: AccessService,
  connections: ConnectionsService,
  landing: LandingPages,
): RedirectsService {
  /** A change of this team, or change_not_found (audited). */
  async function load(actor: Actor, changeId: string, step: ChangeStep): Promise<Result<RedirectChange, RedirectCode>> {
    const change = await ctx.storage.redirectChanges.get(changeId);
    if (!change || change.teamId !== actor.teamId) {
      const words = 'That redirect change no longer exists. Run the redirect command again.';
      return refuse(ctx, actor, changeSubject(step, null, changeId), fail('change_not_found', words));
    }
    return ok(change);
  }

  /** Who may act comes from the verified request, never from the button's value. */
  async function allowedChange(
    actor: Actor,
    changeId: string,
    step: ChangeStep,
  ): Promise<Result<RedirectChange, RedirectCode>> {
    const allowed = await access.check(actor, 'set_redirect');
    if (!allowed.ok) return allowed;
    return load(actor, changeId, step);
  }

  return {
    async preview(actor, connectionRef, rawUrl, dryRun) {
      const allowed = await access.check(actor, 'set_redirect');
      if (!allowed.ok) return allowed;
      const url = rawUrl.trim();
      const unknown = { action: 'redirect.preview', connectionId: null } as const;
      const bad = checkRedirectUrl(url, { allowedHosts: ctx.config.redirect.allowedHosts });
      if (bad) return refuse(ctx, actor, unknown, fail('redirect_not_allowed', bad.message));
      const found = await connections.resolveFor(actor, 'set_redirect', connectionRef);
      if (!found.ok) return found.code === 'not_allowed' ? found : refuse(ctx, actor, unknown, found);
      const conn = found.value;
      if (!isOAuth2(conn)) {
        const words = `“${conn.name}” is not an OAuth 2.0 connection, so it has no landing page to set.`;
        return refuse(ctx, actor, { action: 'redirect.preview', connectionId: conn.id }, fail('not_oauth', words));
      }
      return landing.preview(actor, conn, url, dryRun);
    },

    async formRefused(actor, connectionId, code) {
      await auditOutcome(ctx, actor, { action: 'redirect.preview', connectionId }, 'refused', code);
    },

    async confirm(actor, changeId) {
      const change = await allowedChange(actor, changeId, 'redirect.set');
      return change.ok ? landing.confirm(actor, change.value) : change;
    },

    async cancel(actor, changeId) {
      const change = await allowedChange(actor, changeId, 'redirect.cancel');
      return change.ok ? landing.cancel(actor, change.value) : change;
    },

    async undo(actor, changeId) {
      const change = await allowedChange(actor, changeId, 'redirect.undo');
      return change.ok ? landing.undo(actor, change.value) : change;
    },
  };
}
