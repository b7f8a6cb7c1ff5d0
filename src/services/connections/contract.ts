/** Listing, resolving and describing OAuth 2.0 connections. */
import type { Action } from '../../domain/access.js';
import type { ConnectionState, ConnectionSummary } from '../../domain/connection.js';
import type { AuthLink } from '../../domain/link.js';
import type { Actor, CommonCode } from '../common/contracts.js';
import type { Result } from '../common/result.js';
import type { HealthHistory } from '../status/index.js';

export interface ConnectionListItem {
  /** The connection key (`<account>/<id>`, or the bare id in account `default`). */
  readonly id: string;
  readonly account: string;
  readonly name: string;
  readonly state: ConnectionState;
}

export type ConnectionList = ConnectionListItem[] & { readonly unavailable?: readonly string[] };

export interface ConnectionStatusView {
  readonly connection: ConnectionSummary;
  readonly state: ConnectionState;
  readonly landingUrl: string | null;
  readonly relayActive: boolean;
  readonly pendingLinks: readonly AuthLink[];
  readonly recentLinks: readonly AuthLink[];
  /** Why the app will not write this connection's landing page (what probe or the guard found), or null. */
  readonly landingRefusal: string | null;
  readonly health?: HealthHistory;
}

export interface ConnectionsService {
  /** OAuth 2.0 connections whose name or id contains `filter` (case-insensitive), sorted by name. */
  /** Every account's matches; `unavailable` names the accounts that did not answer (the others still list). */
  list(actor: Actor, filter: string): Promise<Result<ConnectionList, CommonCode>>;
  /** For the external_select typeahead: at most 100 OAuth 2.0 connections matching `query`. */
  search(actor: Actor, query: string): Promise<Result<ConnectionListItem[], CommonCode>>;
  /** A 24-hex id, or a name that matches exactly one OAuth 2.0 connection (case-insensitive). */
  resolve(ref: string): Promise<Result<ConnectionSummary, CommonCode>>;
  /** `resolve`, then the account’s own access narrowing for `action`. Its `not_allowed` is audited already
   * (access.denied); other failures are the caller’s to audit. */
  resolveFor(actor: Actor, action: Action, ref: string): Promise<Result<ConnectionSummary, CommonCode>>;
  status(actor: Actor, ref: string): Promise<Result<ConnectionStatusView, CommonCode>>;
}
