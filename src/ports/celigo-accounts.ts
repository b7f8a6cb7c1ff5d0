import type { ConnectionSummary } from '../domain/connection.js';

/** One Celigo account the app serves (its token stays in the adapter). */
export interface CeligoAccountInfo {
  readonly name: string;
  /** `us` or `eu`; null when configured with a base URL. */
  readonly region: 'us' | 'eu' | null;
  /** The server's host, for operators (no path, no token). */
  readonly host: string;
}

/** One account's listing: its connections (ids are connection keys), or why it could not be listed. */
export type AccountListing =
  | { readonly account: string; readonly ok: true; readonly connections: readonly ConnectionSummary[] }
  | { readonly account: string; readonly ok: false; readonly error: unknown };

/** The accounts as a whole. The gateway (ports/celigo-gateway.ts) routes single calls by connection key. */
export interface CeligoAccounts {
  readonly list: readonly CeligoAccountInfo[];
  readonly names: readonly string[];
  /** One paged listing per named account (all when omitted), concurrently; one failure does not hide the rest. */
  listEach(names?: readonly string[]): Promise<AccountListing[]>;
  /** `GET /v1/tokenInfo` of one account. */
  tokenInfo(account: string): Promise<{ userId: string }>;
}
