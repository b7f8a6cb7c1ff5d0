/** Our vocabulary for a Celigo connection; adapters map Celigo's JSON onto it. */
export interface ConnectionSummary {
  /** 24-hex Celigo `_id`. */
  readonly id: string;
  readonly name: string;
  /** Celigo `type`, e.g. `http`. */
  readonly type: string;
  /** `http.auth.type`, e.g. `oauth`; undefined for non-http connections. */
  readonly authType: string | undefined;
  /** `http.auth.oauth.grantType`; undefined means Celigo's default, `authorizecode`. */
  readonly grantType: string | undefined;
  /** Celigo's `offline` flag; undefined when Celigo did not return it (Q-offline-signal). */
  readonly offline: boolean | undefined;
  readonly lastModified: string | undefined;
  /** `http.auth.oauth.oauth2RedirectUrl`, when set. */
  readonly redirectUrl: string | undefined;
}

export const CONNECTION_ID_PATTERN = /^[0-9a-f]{24}$/i;

export const isConnectionId = (s: string): boolean => CONNECTION_ID_PATTERN.test(s);

/**
 * Only OAuth 2.0 authorization-code connections have a customer consent screen
 * (docs/celigo-api.md, "Connections"): `type: http`, `http.auth.type: oauth`, grant type absent or `authorizecode`.
 */
export const isOAuthAuthorizeCode = (c: ConnectionSummary): boolean =>
  c.type === 'http' && c.authType === 'oauth' && (c.grantType === undefined || c.grantType === 'authorizecode');

export const isOAuth2 = (c: ConnectionSummary): boolean => c.type === 'http' && c.authType === 'oauth';

export type ConnectionState = 'online' | 'offline' | 'unknown';

export const connectionState = (c: Pick<ConnectionSummary, 'offline'>): ConnectionState =>
  c.offline === undefined ? 'unknown' : c.offline ? 'offline' : 'online';
