/** Customer authorization links: issued and revoked by staff, opened by the customer. */
import type { ConnectionSummary } from '../../domain/connection.js';
import type { AuthLink } from '../../domain/link.js';
import type { Actor, CommonCode } from '../common/contracts.js';
import type { Result } from '../common/result.js';

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
