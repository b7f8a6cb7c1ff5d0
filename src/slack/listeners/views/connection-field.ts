/**
 * A connection picked in a form can be deleted, or stop being OAuth 2.0, before the form is submitted. That
 * is a mistake in one field, so it is answered as a field error and the form stays open. The lookup must fit
 * in Slack's 3 s ack window: when Celigo takes longer than FIELD_CHECK_MS the check gives up (null) and the
 * use case answers after the ack, as for any other failure.
 */
import { BLOCKS } from '../../../blocks/ids.js';
import { type ConnectionSummary, isOAuth2, isOAuthAuthorizeCode } from '../../../domain/connection.js';
import type { ListenerDeps } from '../../deps.js';

export const FIELD_CHECK_MS = 2_000;

export interface ConnectionFieldError {
  readonly code: 'connection_not_found' | 'not_oauth';
  readonly errors: Record<string, string>;
}

/** `authorize_code`: the link form (a consent screen is needed); `oauth2`: the landing-page form. */
export async function connectionFieldError(
  deps: ListenerDeps,
  connectionId: string,
  need: 'authorize_code' | 'oauth2',
): Promise<ConnectionFieldError | null> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), FIELD_CHECK_MS);
  });
  const lookup = deps.services.connections.resolve(connectionId);
  // A lookup still running when the check gave up must not surface as an unhandled rejection.
  lookup.catch(() => undefined);
  const found = await Promise.race([lookup.catch(() => null), slow]).finally(() => clearTimeout(timer));
  if (found === null) return null;
  const field = (code: ConnectionFieldError['code'], text: string) => ({
    code,
    errors: { [BLOCKS.connection]: text },
  });
  if (!found.ok) {
    return found.code === 'connection_not_found'
      ? field('connection_not_found', 'This connection no longer exists in integrator.io. Choose another one.')
      : null;
  }
  const usable = (c: ConnectionSummary) => (need === 'oauth2' ? isOAuth2(c) : isOAuthAuthorizeCode(c));
  if (usable(found.value)) return null;
  return field('not_oauth', 'This connection is no longer an OAuth 2.0 connection. Choose another one.');
}
