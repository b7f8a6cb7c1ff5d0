import { type AuditEntry, type ChainProblem, createChainVerifier } from '../../domain/audit.js';
import type { AccessService } from '../access/contract.js';
import type { ConnectionsService } from '../connections/contract.js';
import { byActor, entry } from '../shared/audit-recorder.js';
import { isCeligoFailureCode } from '../shared/celigo-failure.js';
import type { ServiceContext } from '../shared/context.js';
import { ok } from '../shared/result.js';
import type { AuditService } from './contract.js';

export const DEFAULT_AUDIT_PAGE = 10;
export const MAX_AUDIT_PAGE = 50;

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

export function buildAuditService(
  ctx: ServiceContext,
  access: AccessService,
  connections: ConnectionsService,
): AuditService {
  return {
    async latest(actor, q) {
      const allowed = await access.check(actor, 'view_audit');
      if (!allowed.ok) return allowed;
      let connectionId: string | undefined;
      if (q.connectionRef?.trim()) {
        const found = await connections.resolve(q.connectionRef);
        if (!found.ok) {
          if (isCeligoFailureCode(found.code)) {
            await ctx.recordNow(
              entry({ ...byActor(actor), action: 'audit.view', result: 'failed', detail: found.code }),
            );
          }
          return found;
        }
        connectionId = found.value.id;
      }
      const limit = Math.min(Math.max(1, Math.floor(q.limit ?? DEFAULT_AUDIT_PAGE)), MAX_AUDIT_PAGE);
      // One extra row tells whether an older page exists.
      const rows = await ctx.storage.audit.query({
        order: 'desc',
        limit: limit + 1,
        ...(connectionId !== undefined ? { connectionId } : {}),
        ...(q.beforeSeq !== undefined ? { beforeSeq: q.beforeSeq } : {}),
      });
      const entries = rows.slice(0, limit);
      const last = entries[entries.length - 1];
      await ctx.recordNow(
        entry({
          ...byActor(actor),
          action: 'audit.view',
          result: 'ok',
          connectionId: connectionId ?? null,
          detail: `${entries.length} entries${q.beforeSeq !== undefined ? ` before #${q.beforeSeq}` : ''}`,
        }),
      );
      return ok({ entries, nextBeforeSeq: rows.length > limit && last ? last.seq : null });
    },

    async *export(filter) {
      // Walks the whole log in seq order (the same pages verify uses) and filters here.
      for await (const e of ctx.storage.audit.iterate()) {
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
      const verifier = createChainVerifier(ctx.config.audit.key);
      let last: AuditEntry | undefined;
      for await (const e of ctx.storage.audit.iterate()) {
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
      const head = await ctx.storage.audit.head();
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
      if (ctx.config.audit.key && last !== undefined && last.scheme !== 'hmac-sha256') {
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
