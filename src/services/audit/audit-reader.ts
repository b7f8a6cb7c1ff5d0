import { type AuditEntry, type ChainProblem, createChainVerifier } from '../../domain/audit.js';
import type { AuditLog } from '../../ports/storage.js';
import type { AuditReader } from './contract.js';

const PROBLEM_WORDS: Readonly<Record<ChainProblem['problem'], string>> = {
  hash_mismatch: 'the entry was changed after it was written (its hash does not match)',
  broken_link: 'the entry does not follow the one before it (an entry before it was removed or reordered)',
  gap: 'entries are missing before this one (sequence gap)',
  key_required: 'the entry is keyed (HMAC) and AUDIT_KEY is not set, so it cannot be checked',
  unkeyed_after_keyed:
    'the entry was hashed without the key though an earlier one was keyed (the log was re-chained without AUDIT_KEY)',
};

const KEYED_MISMATCH =
  'its HMAC does not match: the entry was changed after it was written, or AUDIT_KEY is not the key that wrote it';

/**
 * Export and verify need only the log (and AUDIT_KEY to check keyed entries): the CLI's audit commands build
 * this alone, with no Celigo, Slack or access policy.
 */
export function buildAuditReader(log: AuditLog, key: Uint8Array | null): AuditReader {
  return {
    async *export(filter) {
      // Walks the whole log in seq order (the same pages verify uses) and filters here.
      for await (const e of log.iterate()) {
        if (filter.connectionId !== undefined && e.connectionId !== filter.connectionId) continue;
        if (filter.userId !== undefined && e.userId !== filter.userId) continue;
        if (filter.since !== undefined && Date.parse(e.at) < filter.since.getTime()) continue;
        yield e;
      }
    },

    async verify(opts = {}) {
      const anchor = opts.anchor?.toLowerCase();
      let anchorSeq: number | null = null;
      // Streams the log, holding one entry at a time: the log only grows.
      const verifier = createChainVerifier(key);
      let last: AuditEntry | undefined;
      for await (const e of log.iterate()) {
        const problem = verifier.add(e);
        if (problem) {
          const words =
            problem.problem === 'hash_mismatch' && e.scheme === 'hmac-sha256'
              ? KEYED_MISMATCH
              : PROBLEM_WORDS[problem.problem];
          return {
            ok: false,
            seq: problem.seq,
            problem: words,
            count: verifier.count,
            ...(problem.problem === 'key_required' ? { keyRequired: true as const } : {}),
          };
        }
        if (anchor !== undefined && e.hash === anchor) anchorSeq = e.seq;
        last = e;
      }
      // The chain cannot show that its newest entries were cut off; the recorded head can.
      const head = await log.head();
      const found = anchor === undefined ? {} : { anchorSeq };
      if (head === undefined && last === undefined) return { ok: true, count: 0, keyed: 0, ...found };
      if (head === undefined || last === undefined || head.seq !== last.seq || head.hash !== last.hash) {
        const seq = last === undefined ? 1 : head !== undefined && head.seq > last.seq ? last.seq + 1 : last.seq;
        return {
          ok: false,
          seq,
          problem:
            head !== undefined && last !== undefined && head.seq === last.seq
              ? 'the newest entry does not match the recorded head (it was changed)'
              : 'the newest entries do not match the recorded head (entries were removed from the end)',
          count: verifier.count,
        };
      }
      // Whoever rewrites the whole log without the key leaves no keyed entry at all; but the app keys every
      // entry it writes once AUDIT_KEY is set, so with the key the newest entry must be keyed.
      if (key && last !== undefined && last.scheme !== 'hmac-sha256') {
        return {
          ok: false,
          seq: last.seq,
          problem:
            'the newest entry is not keyed though AUDIT_KEY is set: the log was re-chained without the key, or the app has written nothing with this AUDIT_KEY yet',
          count: verifier.count,
        };
      }
      return { ok: true, count: verifier.count, keyed: verifier.keyed, ...found };
    },
  };
}
