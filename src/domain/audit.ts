import { createHash } from 'node:crypto';

/** What happened, as recorded. Names are stable: exports and reviews rely on them. */
export type AuditAction =
  | 'access.denied'
  | 'connections.list'
  | 'connection.status'
  | 'link.generate'
  | 'link.opened'
  | 'link.continue'
  | 'link.completed'
  | 'link.failed'
  | 'link.expired'
  | 'link.superseded'
  | 'link.revoked'
  | 'link.dead_link_used'
  | 'link.not_finished'
  | 'relay.arrived'
  | 'relay.set'
  | 'redirect.preview'
  | 'redirect.set'
  | 'redirect.cancel'
  | 'redirect.undo'
  | 'redirect.restored'
  | 'redirect.drift'
  | 'connection.offline'
  | 'connection.online'
  | 'audit.view';

export type AuditResult = 'ok' | 'refused' | 'failed' | 'dry_run';

/** The fields a caller supplies. Values must never contain secrets or full authorization URLs. */
export interface AuditInput {
  readonly teamId: string | null;
  readonly userId: string | null;
  readonly channelId: string | null;
  readonly action: AuditAction;
  readonly connectionId: string | null;
  readonly before: string | null;
  readonly after: string | null;
  readonly result: AuditResult;
  /** Short plain-words detail: refusal reason, error code, customer label… */
  readonly detail: string | null;
  readonly requestId: string | null;
}

export interface AuditEntry extends AuditInput {
  /** 1, 2, 3… in append order. */
  readonly seq: number;
  /** ISO-8601 UTC with milliseconds. */
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical form: fixed key order, JSON-encoded, so any edit to any field changes the hash. */
export function canonicalAudit(e: Omit<AuditEntry, 'hash'>): string {
  return JSON.stringify([
    e.seq,
    e.at,
    e.teamId,
    e.userId,
    e.channelId,
    e.action,
    e.connectionId,
    e.before,
    e.after,
    e.result,
    e.detail,
    e.requestId,
    e.prevHash,
  ]);
}

export const hashAudit = (e: Omit<AuditEntry, 'hash'>): string =>
  createHash('sha256').update(canonicalAudit(e)).digest('hex');

export type ChainProblem = { seq: number; problem: 'hash_mismatch' | 'broken_link' | 'gap' };

/**
 * Checks entries one at a time, in seq order, holding only the previous hash: an edited entry (its hash no
 * longer matches), a deleted one (a gap in seq, or a prevHash that points elsewhere) and a reordering are
 * each reported at the first entry where the chain breaks.
 */
export function createChainVerifier(): { add(e: AuditEntry): ChainProblem | null; readonly count: number } {
  let prevHash = GENESIS_HASH;
  let expectSeq = 1;
  let count = 0;
  return {
    add(e) {
      if (e.seq !== expectSeq) return { seq: e.seq, problem: 'gap' };
      if (e.prevHash !== prevHash) return { seq: e.seq, problem: 'broken_link' };
      if (hashAudit(e) !== e.hash) return { seq: e.seq, problem: 'hash_mismatch' };
      prevHash = e.hash;
      expectSeq += 1;
      count += 1;
      return null;
    },
    get count() {
      return count;
    },
  };
}

/** Walks a whole sequence of entries (see createChainVerifier). */
export function verifyChain(
  entries: Iterable<AuditEntry>,
): { ok: true; count: number } | ({ ok: false } & ChainProblem) {
  const verifier = createChainVerifier();
  for (const e of entries) {
    const problem = verifier.add(e);
    if (problem) return { ok: false, ...problem };
  }
  return { ok: true, count: verifier.count };
}
