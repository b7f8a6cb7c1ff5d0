/** Reading, exporting and verifying the audit log. */
import type { AuditEntry } from '../../domain/audit.js';
import type { Actor, CommonCode } from '../common/contracts.js';
import type { Result } from '../common/result.js';

export interface AuditPage {
  readonly entries: readonly AuditEntry[];
  /** Pass as `beforeSeq` for the next (older) page; null at the end. */
  readonly nextBeforeSeq: number | null;
}

export interface AuditService extends AuditReader {
  latest(
    actor: Actor,
    q: { connectionRef?: string; beforeSeq?: number; limit?: number },
  ): Promise<Result<AuditPage, CommonCode>>;
}

/** What needs only the log itself (the CLI's `audit export` and `audit verify`). */
export interface AuditReader {
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
