import type { AccessService } from '../access/contract.js';
import { actorEntry } from '../common/audit-recorder.js';
import { isCeligoFailureCode } from '../common/celigo-failure.js';
import type { ServiceContext } from '../common/context.js';
import { ok } from '../common/result.js';
import type { ConnectionsService } from '../connections/contract.js';
import { buildAuditReader } from './audit-reader.js';
import type { AuditService } from './contract.js';

export const DEFAULT_AUDIT_PAGE = 10;
export const MAX_AUDIT_PAGE = 50;

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
            await ctx.recordNow(actorEntry(actor, { action: 'audit.view', result: 'failed', detail: found.code }));
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
        actorEntry(actor, {
          action: 'audit.view',
          result: 'ok',
          connectionId: connectionId ?? null,
          detail: `${entries.length} entries${q.beforeSeq !== undefined ? ` before #${q.beforeSeq}` : ''}`,
        }),
      );
      return ok({ entries, nextBeforeSeq: rows.length > limit && last ? last.seq : null });
    },

    ...buildAuditReader(ctx.storage.audit, ctx.config.audit.key),
  };
}
