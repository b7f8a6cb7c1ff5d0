import type { ConnectionSummary } from '../domain/connection.js';

/**
 * Everything the app asks of Celigo integrator.io. Implemented over HTTP by adapters/celigo;
 * failures throw CeligoError (ports/celigo-errors.ts), whose `kind` says what went wrong.
 */
export interface CeligoGateway {
  /** `GET /v1/tokenInfo`: proves the token works. */
  tokenInfo(): Promise<{ userId: string }>;
  /**
   * Every connection (all `Link` pages, 204 = none), projected with
   * `include=offline,type,lastModified,http.auth.type,http.auth.oauth.grantType,http.auth.oauth.oauth2RedirectUrl`.
   * Filtering is done by the caller (Q-list-paging).
   */
  listConnections(): Promise<ConnectionSummary[]>;
  /** `GET /v1/connections/:id`. Throws CeligoNotFoundError for an unknown id. */
  getConnection(id: string): Promise<ConnectionSummary>;
  /**
   * `GET /v1/connection/:id/oauth2` (singular, Q-oauth2-path). Never cached (Q-authorization-url-lifetime). Accepts `authorizationURL` or
   * `authorizationUrl` (Q-authorization-url-key). The URL is sensitive: never log it.
   */
  getAuthorizationUrl(id: string): Promise<string>;
  /**
   * Sets `http.auth.oauth.oauth2RedirectUrl` (null removes it): PATCH first; on a 4xx, GET → merge →
   * re-GET and compare `lastModified` → PUT without masked secrets; then reads back to confirm (Q-patch-redirect-url, Q-masked-secrets).
   */
  setRedirectUrl(id: string, url: string | null): Promise<RedirectUpdate>;
  /**
   * What `setRedirectUrl` would send when Celigo has `before`, for dry runs: described by the same code
   * that builds the real request. Contains no secrets.
   */
  describeRedirectUpdate(id: string, before: string | null, url: string | null): string;
  /** Ping: POST, falling back to GET on 404/405 (Q-ping-method). A 200 carrying `errors` is a failure. */
  ping(id: string): Promise<PingResult>;
}

export interface RedirectUpdate {
  readonly before: string | null;
  readonly after: string | null;
  readonly method: 'patch' | 'put';
  /** The connection as read back after the change. */
  readonly connection: ConnectionSummary;
}

export type PingResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };
