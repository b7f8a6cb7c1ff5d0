/** `/celigo audit [connection]`: the latest audit entries, with a button for older ones. */
import { AUDIT_PAGE_SIZE, auditPageMessage } from '../../../blocks/audit-page.js';
import type { CommandHandler } from './context.js';

export const audit: CommandHandler<'audit'> = async ({ args, deps, actor, reply, fail }, parsed) => {
  await args.ack();
  const { connectionRef } = parsed;
  const r = await deps.services.audit.latest(actor, {
    ...(connectionRef ? { connectionRef } : {}),
    limit: AUDIT_PAGE_SIZE,
  });
  if (!r.ok) return fail(r);
  await reply(auditPageMessage(r.value.entries, { connectionRef, nextBeforeSeq: r.value.nextBeforeSeq }));
};
