/** Changing a connection's landing page: preview, Confirm, Cancel, Undo. */
import type { ConnectionSummary } from '../../domain/connection.js';
import type { Actor, CommonCode } from '../common/contracts.js';
import type { Result } from '../common/result.js';

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
  /** Audits a landing-page form the Slack layer refused on its connection field (answered on the form itself). */
  formRefused(actor: Actor, connectionId: string | null, code: RedirectCode): Promise<void>;
  /** Applies a proposed change (admin re-checked). Idempotent: a second click gets `change_closed`. */
  confirm(
    actor: Actor,
    changeId: string,
  ): Promise<Result<{ before: string | null; after: string | null }, RedirectCode>>;
  cancel(actor: Actor, changeId: string): Promise<Result<void, RedirectCode>>;
  /** Restores the exact previous value of an applied change. */
  undo(actor: Actor, changeId: string): Promise<Result<{ restored: string | null }, RedirectCode>>;
}

/** The decisions on a recorded change, as audited. */
export type ChangeStep = 'redirect.set' | 'redirect.cancel' | 'redirect.undo';

/** What a refusal of a step on a change is about: the detail reads `change <id>: <code>`. */
export const changeSubject = (action: ChangeStep, connectionId: string | null, id: string) => ({
  action,
  connectionId,
  subject: `change ${id}`,
});
