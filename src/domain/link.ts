/**
 * A customer authorization link and its life. `pending` links are watched until Celigo reports the
 * connection online (`completed`), the link runs out (`expired`), a newer link for the same connection
 * replaces it (`superseded`), staff revoke it (`revoked`), or the customer's return says so (`failed`).
 */
export type LinkState = 'pending' | 'completed' | 'failed' | 'expired' | 'superseded' | 'revoked';

/** The longest customer label: refused beyond it by the parser, the modal and the service. */
export const MAX_CUSTOMER_LABEL = 80;

export const OPEN_LINK_STATES: readonly LinkState[] = ['pending'];

export interface AuthLink {
  readonly id: string;
  readonly teamId: string;
  readonly channelId: string;
  readonly connectionId: string;
  readonly connectionName: string;
  readonly customerLabel: string;
  readonly requestedBy: string;
  /** SHA-256 (hex) of the hosted-link token; null when links are Celigo URLs (no PUBLIC_URL). */
  readonly tokenHash: string | null;
  readonly state: LinkState;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Celigo `offline` when the link was issued (Q-offline-signal): if already online, completion cannot be seen from it. */
  readonly offlineAtIssue: boolean | null;
  /** Celigo `lastModified` when the link was issued: a newer value plus online counts as completion. */
  readonly lastModifiedAtIssue: string | null;
  readonly openedAt: Date | null;
  /** When the state left `pending`. */
  readonly closedAt: Date | null;
  /** Why it closed, in plain words (failure reason, `replaced by link …`). No secrets. */
  readonly closedReason: string | null;
}

/** Allowed transitions; anything else is a bug or a race lost to another replica. */
export const canTransition = (from: LinkState, to: LinkState): boolean => from === 'pending' && to !== 'pending';

export const isExpired = (link: Pick<AuthLink, 'expiresAt'>, now: Date): boolean =>
  link.expiresAt.getTime() <= now.getTime();
