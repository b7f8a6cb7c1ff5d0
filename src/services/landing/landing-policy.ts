import { accountOf } from '../../domain/account.js';
import {
  DEFAULT_ACCOUNT,
  landingChangesBlockedOnAuthorized,
  redirectFieldIsUnsafe,
  UNSAFE_REDIRECT_EXPLANATION,
} from '../../domain/celigo-findings.js';
import type { ConnectionSummary } from '../../domain/connection.js';
import type { ServiceContext } from '../common/context.js';

/**
 * Whether the app may write oauth2RedirectUrl on this connection, from what `celigo-bot probe` and the
 * authorization-URL guard learned (docs/celigo-api.md, Q-redirect-url-meaning, Q-patch-redirect-url).
 * Returns the plain-words reason to tell the caller up front, or null when writing is fine.
 */
export async function landingChangeRefusal(
  ctx: ServiceContext,
  conn: Pick<ConnectionSummary, 'offline'> & { readonly id?: string },
): Promise<string | null> {
  // Findings are kept per Celigo account: the connection key names its account.
  const findings = await ctx.storage.findings.get(conn.id === undefined ? DEFAULT_ACCOUNT : accountOf(conn.id));
  if (redirectFieldIsUnsafe(findings)) {
    return `Landing pages are off for this Celigo account. ${UNSAFE_REDIRECT_EXPLANATION}`;
  }
  if (landingChangesBlockedOnAuthorized(findings) && conn.offline === false) {
    return 'This Celigo account refuses targeted updates of the landing page, and this connection is already authorized: a full update would send its hidden secrets back as "******". Set the landing page in integrator.io, or before the connection is authorized.';
  }
  return null;
}
