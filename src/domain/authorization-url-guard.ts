/**
 * Decides whether an authorization URL from Celigo may reach a customer (docs/celigo-api.md,
 * Q-redirect-url-meaning). The provider sends the customer's authorization code to the URL's `redirect_uri`.
 * That must be Celigo's own callback (`…/connection/oauth2callback`); when it equals the connection's
 * `oauth2RedirectUrl` instead, Celigo is treating that field as the provider callback, and the code would
 * land on our relay or a landing page: the customer would type their credentials and the authorization
 * would still fail. Pure: no I/O, the URL is only parsed, never returned or logged.
 */

export type AuthorizationUrlVerdict =
  /** `redirect_uri` is a Celigo callback: safe. */
  | 'celigo_callback'
  /** No `redirect_uri` (some providers take it from their app registration): let it through. */
  | 'no_redirect_uri'
  /** `redirect_uri` is something else, but not the connection's oauth2RedirectUrl: let it through. */
  | 'other_redirect_uri'
  /** `redirect_uri` equals the connection's oauth2RedirectUrl: the customer's code would be lost. */
  | 'dangerous';

const CALLBACK_PATH = /\/connection\/oauth2callback(\/|$)/;

/** The `redirect_uri` query value, or null when absent or the URL does not parse. */
export function redirectUriOf(authorizationUrl: string): string | null {
  try {
    return new URL(authorizationUrl).searchParams.get('redirect_uri');
  } catch {
    return null;
  }
}

/** True when the value is Celigo's own OAuth callback (its path ends in `/connection/oauth2callback`). */
export function isCeligoCallback(redirectUri: string): boolean {
  try {
    return CALLBACK_PATH.test(new URL(redirectUri).pathname);
  } catch {
    return false;
  }
}

/** Same URL once both are normalized (trailing slash on an empty path, case of scheme and host). */
function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

export function checkAuthorizationUrl(
  authorizationUrl: string,
  oauth2RedirectUrl: string | null | undefined,
): AuthorizationUrlVerdict {
  const redirectUri = redirectUriOf(authorizationUrl);
  if (redirectUri === null || redirectUri === '') return 'no_redirect_uri';
  if (isCeligoCallback(redirectUri)) return 'celigo_callback';
  if (oauth2RedirectUrl && sameUrl(redirectUri, oauth2RedirectUrl)) return 'dangerous';
  return 'other_redirect_uri';
}

/** Whether the connection must be read to decide (a `redirect_uri` that is not plainly Celigo's). */
export function needsRedirectUrlToDecide(authorizationUrl: string): boolean {
  return checkAuthorizationUrl(authorizationUrl, null) === 'other_redirect_uri';
}
