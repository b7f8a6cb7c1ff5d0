/**
 * The landing page (where Celigo sends a customer after consent): relay or direct, preview, apply, confirm and
 * undo. Links (a page chosen in the link form) and redirects (`/celigo redirect`) both go through it, so the
 * decision and the records of a change are made in one place.
 */
import type { ConnectionSummary } from '../../domain/connection.js';
import type { RedirectChange } from '../../ports/storage.js';
import type { Actor } from '../common/contracts.js';
import type { Result } from '../common/result.js';
import type { GenerateLinkCode } from '../links/contract.js';
import type { RedirectCode, RedirectPreview, RedirectsService } from '../redirects/contract.js';

export interface LandingPages {
  /** Why the app will not write this connection's landing page (what probe or the guard learned), or null. */
  refusal(conn: Pick<ConnectionSummary, 'offline'>): Promise<string | null>;
  /**
   * The landing page part of creating a link: the relay, or a page chosen in the link form (applied at once and
   * offered for Undo). Returns the connection as Celigo now has it: the app's own write moves `lastModified`,
   * and the link must record the value after it.
   */
  forLink(
    actor: Actor & { channelId: string },
    conn: ConnectionSummary,
    landing: string | undefined,
  ): Promise<Result<ConnectionSummary, GenerateLinkCode>>;
  /** Records a proposed (or dry-run) change to `url`; nothing is written to Celigo. */
  preview(
    actor: Actor,
    conn: ConnectionSummary,
    url: string,
    dryRun: boolean,
  ): Promise<Result<RedirectPreview, RedirectCode>>;
  /** Applies a proposed change of the caller's team, once; a stale or old preview is refused. */
  confirm(actor: Actor, change: RedirectChange): Decided<'confirm'>;
  /** Closes a proposed change without writing anything. */
  cancel(actor: Actor, change: RedirectChange): Decided<'cancel'>;
  /** Restores the exact previous value of an applied change, unless a newer value stands. */
  undo(actor: Actor, change: RedirectChange): Decided<'undo'>;
}

/** Confirm, Cancel and Undo answer exactly as the redirects use case does (it passes their result on). */
type Decided<K extends 'confirm' | 'cancel' | 'undo'> = ReturnType<RedirectsService[K]>;
