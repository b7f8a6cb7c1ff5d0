import type { AuditAction, AuditInput } from '../../domain/audit.js';
import type { Storage, Stores } from '../../ports/storage.js';
import type { RecordFn } from './audit-recorder.js';
import { type CeligoFailure, type CeligoFailureCode, celigoFailure } from './celigo-failure.js';

/** Who an audit entry names: the acting user, or (for a customer's browser) the link's team and channel. */
export type AuditWho = Pick<AuditInput, 'teamId' | 'userId' | 'channelId' | 'requestId'>;

/** How a Celigo failure is written to the audit log, beyond who and what. */
export interface CeligoFailureAudit {
  readonly connectionId?: string | null;
  readonly before?: string | null;
  readonly after?: string | null;
  /** The entry's detail; by default the adapter's error kind. */
  readonly detail?: (f: CeligoFailure) => string;
  /** More to do in the transaction that records the failure (e.g. put a claimed change back). */
  readonly inTransaction?: (tx: Stores) => Promise<void>;
}

export type CeligoResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: CeligoFailureCode; message: string; kind: CeligoFailure['kind'] };

/**
 * Runs one call to Celigo for `who`. When Celigo fails, the failure is audited as `action` failed and comes
 * back as a Result with a message safe to show (and the adapter's kind, for logs); anything that is not a
 * Celigo error is a bug and is rethrown for the central error handler.
 */
export type WithCeligo = <T>(
  who: AuditWho,
  action: AuditAction,
  fn: () => Promise<T>,
  audit?: CeligoFailureAudit,
) => Promise<CeligoResult<T>>;

export function createWithCeligo(storage: Pick<Storage, 'transaction'>, record: RecordFn): WithCeligo {
  return async (who, action, fn, audit = {}) => {
    try {
      return { ok: true, value: await fn() };
    } catch (err) {
      const f = celigoFailure(err);
      await storage.transaction(async (tx) => {
        await audit.inTransaction?.(tx);
        await record(tx, {
          teamId: who.teamId,
          userId: who.userId,
          channelId: who.channelId,
          requestId: who.requestId,
          action,
          result: 'failed',
          connectionId: audit.connectionId ?? null,
          before: audit.before ?? null,
          after: audit.after ?? null,
          detail: audit.detail ? audit.detail(f) : f.kind,
        });
      });
      return { ok: false, code: f.code, message: f.message, kind: f.kind };
    }
  };
}
