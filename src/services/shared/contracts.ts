/**
 * The use cases the Slack listeners, HTTP routes and CLI call. Implemented in this folder; wired in
 * main.ts by createServices(). Expected failures come back as Result values with a code and a
 * plain-words message safe to show the caller (no secrets, no URLs with tokens).
 */
import type { Action, Role } from '../../domain/access.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { ConnectionState, ConnectionSummary } from '../../domain/connection.js';
import type { AuthLink } from '../../domain/link.js';
import type { HomeService } from '../home/contract.js';
import type { HealthHistory } from '../status/health-history.js';
import type { Result } from './result.js';

/** Who is acting, from the verified Slack request (never from private_metadata or button values). */
export interface Actor {
  readonly teamId: string;
  readonly userId: string;
  readonly channelId: string | null;
  /** Slack trigger id / event id / generated id, recorded in the audit log. */
  readonly requestId: string;
}

/** Codes shared by every use case. */
export type CommonCode =
  | 'not_allowed' // caller lacks the role, or the channel is not allowed
  | 'connection_not_found' // no such id, or no OAuth 2.0 connection with that exact name
  | 'connection_ambiguous' // the name matches several connections
  | 'not_oauth' // the connection is not an OAuth 2.0 authorization-code connection
  | 'celigo_auth' // Celigo refused the API token (401/403)
  | 'celigo_unavailable' // 429 after retries, 5xx, timeout, network
  | 'celigo_rejected'; // 4xx/422 from Celigo for this request

export interface AccessView {
  readonly roles: ReadonlySet<Role>;
  /** True when no operators/admins are configured: everyone may do everything. */
  readonly open: boolean;
  readonly channelAllowed: boolean;
  readonly allowed: ReadonlySet<Action>;
}

export interface AccessService {
  /** Resolves the caller's roles (user groups included) and what they may do here. */
  describe(actor: Actor): Promise<AccessView>;
  /**
   * Checks one action; a refusal is audited (`access.denied`) and returned as `not_allowed`. With `repeated`
   * (requests Slack sends per keystroke, like a typeahead), a refusal is audited at most once per user and
   * action per minute.
   */
  check(
    actor: Actor,
    action: Action,
    connectionId?: string | null,
    opts?: { readonly repeated?: boolean },
  ): Promise<Result<void, 'not_allowed'>>;
}

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
  /** `resolve`, then the account's own access narrowing for `action` (refusals are audited). */
  resolveFor(actor: Actor, action: Action, ref: string): Promise<Result<ConnectionSummary, CommonCode>>;
  status(actor: Actor, ref: string): Promise<Result<ConnectionStatusView, CommonCode>>;
}

export interface GenerateLinkInput {
  readonly connectionRef: string;
  readonly customerLabel: string;
  /** Optional new landing page chosen in the modal (same rules and role as `redirect`). */
  readonly landingUrl?: string | undefined;
  /** From the modal's private_metadata / the command's trigger, so a double submit issues one link. */
  readonly idempotencyKey: string;
}

export interface LinkIssued {
  readonly link: AuthLink;
  readonly connection: ConnectionSummary;
  /** Where the thread lives (the caller's channel). */
  readonly channelId: string;
  readonly hosted: boolean;
  /** Ids of the links this one replaced. */
  readonly superseded: readonly string[];
  readonly completionDetectable: boolean;
  /** True when the idempotency key had been used: nothing new was created. */
  readonly duplicate: boolean;
}

export type GenerateLinkCode =
  | CommonCode
  | 'no_channel'
  | 'redirect_not_allowed'
  | 'label_invalid'
  | 'landing_pages_off' // the account is known to break authorizations when oauth2RedirectUrl is set
  | 'authorization_url_unsafe' // the guard withheld Celigo's authorization URL
  | 'link_conflict' // another request created the connection's pending link a moment earlier
  | 'link_in_progress'; // the same submission is still being handled

export interface LinksService {
  generate(actor: Actor, input: GenerateLinkInput): Promise<Result<LinkIssued, GenerateLinkCode>>;
  /** Staff revoke a pending link (its page then says so). */
  revoke(actor: Actor, linkId: string): Promise<Result<AuthLink, CommonCode | 'link_not_found' | 'link_closed'>>;
  /** Audits a link form the Slack layer refused field by field (answered on the form itself), one entry per code. */
  formRefused(actor: Actor, connectionId: string | null, codes: readonly GenerateLinkCode[]): Promise<void>;
}

/** What the hosted link page shows. Never includes the Celigo URL. */
export type LinkPageView =
  | {
      readonly kind: 'active';
      readonly connectionName: string;
      readonly customerLabel: string;
      readonly partnerName: string | null;
      readonly expiresAt: Date;
    }
  | { readonly kind: 'expired' | 'superseded' | 'revoked' | 'completed' | 'failed'; readonly customerLabel: string }
  /** Celigo could not give an authorization URL right now (Continue only); the customer may try again. */
  | { readonly kind: 'unavailable'; readonly customerLabel: string }
  /** The authorization-URL guard stopped it (docs/celigo-api.md, Q-redirect-url-meaning). */
  | { readonly kind: 'withheld'; readonly customerLabel: string }
  | { readonly kind: 'not_found' };

export interface CustomerLinkService {
  /** GET of the hosted page: shows, never redirects, never consumes. Dead links are reported to the thread. */
  view(token: string): Promise<LinkPageView>;
  /** Continue: a fresh Celigo authorization URL to redirect to, or the dead-link view. */
  continue(token: string, requestId: string): Promise<{ redirectTo: string } | { page: LinkPageView }>;
}

export interface RelayOutcome {
  /** Where to send the browser: the chosen landing page, or null for the "you can close this tab" page. */
  readonly forwardTo: string | null;
  readonly status: 'completed' | 'failed' | 'pending' | 'unknown_connection';
  /** True when a pending link was waiting for this return; other arrivals are only counted in metrics. */
  readonly matched?: boolean;
}

export interface CompletionService {
  /**
   * The customer's browser came back to the relay. A trigger only: checks Celigo, announces
   * completion only if Celigo reports the connection online; an `error` query value is only a hint (told
   * to the thread once if Continue was just pressed; the link stays open). `params` holds the query
   * string; only known names are logged or audited, never values.
   */
  relayArrived(connectionId: string, params: URLSearchParams, requestId: string): Promise<RelayOutcome>;
  /** One polling round: pending links (bulk), expiry, watched connections going offline/online. */
  pollOnce(): Promise<PollReport>;
}

export interface PollReport {
  readonly checkedLinks: number;
  readonly completed: number;
  readonly expired: number;
  readonly wentOffline: number;
  readonly celigoCalls: number;
}

export interface RedirectPreview {
  readonly changeId: string;
  readonly connection: ConnectionSummary;
  /** Current landing page as the user sees it (the stored landing page, or Celigo's value). */
  readonly current: string | null;
  readonly next: string | null;
  readonly dryRun: boolean;
  /** For dry runs: the exact Celigo request that would be sent. */
  readonly request: string | null;
  /** True when the connection is already authorized (Q-masked-secrets: changing it may need re-authorization). */
  readonly alreadyAuthorized: boolean;
  /** True when Celigo will point at this app's return relay, which forwards customers to `next`. */
  readonly viaRelay?: boolean;
}

export type RedirectCode =
  | CommonCode
  | 'redirect_not_allowed'
  | 'change_not_found'
  | 'change_closed'
  | 'change_stale' // the value moved since the preview (Confirm) or since the change (Undo)
  | 'update_not_confirmed'
  | 'landing_pages_off';

export interface RedirectsService {
  /** Validates, reads the current value, records a proposed change; nothing is written to Celigo. */
  preview(
    actor: Actor,
    connectionRef: string,
    url: string,
    dryRun: boolean,
  ): Promise<Result<RedirectPreview, RedirectCode>>;
  /** Applies a proposed change (admin re-checked). Idempotent: a second click gets `change_closed`. */
  confirm(
    actor: Actor,
    changeId: string,
  ): Promise<Result<{ before: string | null; after: string | null }, RedirectCode>>;
  cancel(actor: Actor, changeId: string): Promise<Result<void, RedirectCode>>;
  /** Restores the exact previous value of an applied change. */
  undo(actor: Actor, changeId: string): Promise<Result<{ restored: string | null }, RedirectCode>>;
}

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  /** Pass as `beforeSeq` for the next (older) page; null at the end. */
  readonly nextBeforeSeq: number | null;
}

export interface AuditService {
  latest(
    actor: Actor,
    q: { connectionRef?: string; beforeSeq?: number; limit?: number },
  ): Promise<Result<AuditPage, CommonCode>>;
  export(filter: { connectionId?: string; userId?: string; since?: Date }): AsyncIterable<AuditEntry>;
  /**
   * Walks the chain with AUDIT_KEY (when set); on failure names the first broken entry. `keyRequired`:
   * the log holds keyed entries and no AUDIT_KEY was given, so they could not be checked at all.
   * `anchor`: a head hash posted to the audit channel earlier, looked up while walking.
   */
  verify(opts?: { anchor?: string }): Promise<
    | {
        ok: true;
        count: number;
        keyed: number;
        /** With `anchor`: the entry whose hash it is, or null when the log no longer holds it. */
        anchorSeq?: number | null;
      }
    | { ok: false; seq: number; problem: string; count: number; keyRequired?: true }
  >;
}

/** One Celigo account as `/celigo accounts` shows it. */
export interface AccountOverview {
  readonly name: string;
  readonly region: 'us' | 'eu' | null;
  readonly host: string;
  readonly token: 'accepted' | 'refused' | 'unreachable';
  /** null when the account could not be listed. */
  readonly oauth2Connections: number | null;
}

export interface AccountsService {
  /** The accounts' names, in configuration order. */
  names(): readonly string[];
  overview(actor: Actor): Promise<Result<AccountOverview[], CommonCode>>;
}

export interface Services {
  readonly access: AccessService;
  readonly accounts: AccountsService;
  readonly connections: ConnectionsService;
  readonly links: LinksService;
  readonly customerLinks: CustomerLinkService;
  readonly completion: CompletionService;
  readonly redirects: RedirectsService;
  readonly audit: AuditService;
  readonly home: HomeService;
}
