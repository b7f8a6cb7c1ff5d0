/**
 * What every use case shares: who acts, the failure codes they all use, and the bundle the Slack listeners,
 * HTTP routes and CLI receive (wired by createServices() in services/index.ts). Each use case's own interface
 * sits beside its code, in its folder's contract.ts. Expected failures come back as Result values with a code
 * and a plain-words message safe to show the caller (no secrets, no URLs with tokens).
 */
import type { AccessService } from '../access/contract.js';
import type { AccountsService } from '../accounts/contract.js';
import type { AuditService } from '../audit/contract.js';
import type { CompletionService } from '../completion/contract.js';
import type { ConnectionsService } from '../connections/contract.js';
import type { HomeService } from '../home/contract.js';
import type { CustomerLinkService, LinksService } from '../links/contract.js';
import type { RedirectsService } from '../redirects/contract.js';

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
