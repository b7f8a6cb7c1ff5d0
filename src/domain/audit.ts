import { createHmac, hash } from 'node:crypto';

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

/**
 * How an entry's hash was made. `sha256` (every entry written without AUDIT_KEY) shows accidents only:
 * anyone who can write the database can re-chain it. `hmac-sha256` needs AUDIT_KEY to forge.
 */
export type AuditHashScheme = 'sha256' | 'hmac-sha256';

/** Said by `doctor` and at start when AUDIT_KEY is not set. */
export const AUDIT_UNKEYED_WARNING =
  'the audit log is tamper-evident only against accidents (whoever can write the database can rewrite and re-chain it)';

export interface AuditEntry extends AuditInput {
  /** 1, 2, 3… in append order. */
  readonly seq: number;
  /** ISO-8601 UTC with milliseconds. */
  readonly at: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly scheme: AuditHashScheme;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Canonical form: fixed key order, JSON-encoded, so any edit to any field changes the hash. */
export function canonicalAudit(e: Omit<AuditEntry, 'hash' | 'scheme'>): string {
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

/**
 * With a key, HMAC-SHA-256 (scheme `hmac-sha256`); without, plain SHA-256 (scheme `sha256`). The one-shot
 * `hash` gives the same digest as createHash().update().digest() (UTF-8 input) at less than half the cost,
 * which counts when verify walks the whole log.
 */
export const hashAudit = (e: Omit<AuditEntry, 'hash' | 'scheme'>, key?: Uint8Array | null): string =>
  key ? createHmac('sha256', key).update(canonicalAudit(e)).digest('hex') : hash('sha256', canonicalAudit(e), 'hex');

export const schemeFor = (key: Uint8Array | null | undefined): AuditHashScheme => (key ? 'hmac-sha256' : 'sha256');

export type ChainProblem = {
  seq: number;
  problem: 'hash_mismatch' | 'broken_link' | 'gap' | 'key_required' | 'unkeyed_after_keyed';
};

/**
 * Checks entries one at a time, in seq order, holding only the previous hash: an edited entry (its hash no
 * longer matches), a deleted one (a gap in seq, or a prevHash that points elsewhere) and a reordering are
 * each reported at the first entry where the chain breaks. A keyed entry needs the key; once an entry is
 * keyed every later one must be, or whoever can write the database could rewrite the tail without the key.
 */
export function createChainVerifier(key: Uint8Array | null = null): {
  add(e: AuditEntry): ChainProblem | null;
  readonly count: number;
  readonly keyed: number;
} {
  let prevHash = GENESIS_HASH;
  let expectSeq = 1;
  let count = 0;
  let keyed = 0;
  return {
    add(e) {
      if (e.seq !== expectSeq) return { seq: e.seq, problem: 'gap' };
      if (e.prevHash !== prevHash) return { seq: e.seq, problem: 'broken_link' };
      if (e.scheme === 'hmac-sha256' && !key) return { seq: e.seq, problem: 'key_required' };
      if (e.scheme !== 'hmac-sha256' && keyed > 0) return { seq: e.seq, problem: 'unkeyed_after_keyed' };
      if (hashAudit(e, e.scheme === 'hmac-sha256' ? key : null) !== e.hash) {
        return { seq: e.seq, problem: 'hash_mismatch' };
      }
      prevHash = e.hash;
      expectSeq += 1;
      count += 1;
      if (e.scheme === 'hmac-sha256') keyed += 1;
      return null;
    },
    get count() {
      return count;
    },
    get keyed() {
      return keyed;
    },
  };
}

/** Walks a whole sequence of entries (see createChainVerifier). */
export function verifyChain(
  entries: Iterable<AuditEntry>,
  key: Uint8Array | null = null,
): { ok: true; count: number } | ({ ok: false } & ChainProblem) {
  const verifier = createChainVerifier(key);
  for (const e of entries) {
    const problem = verifier.add(e);
    if (problem) return { ok: false, ...problem };
  }
  return { ok: true, count: verifier.count };
}
