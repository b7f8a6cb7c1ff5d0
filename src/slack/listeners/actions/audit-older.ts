/** "Older" on an audit page: the next page, as the clicking user (re-checked by the service). */
import { AUDIT_PAGE_SIZE, auditPageMessage } from '../../../blocks/audit-page.js';
import { errorNotice } from '../../../blocks/notice.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { decodeAuditCursor } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';
import { type ButtonArgs, buttonContext } from './button-context.js';

export function auditOlder(deps: ListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { actor, target } = buttonContext(deps, args);
    const { action } = args;
    const cursor = decodeAuditCursor(action.value);
    if (!cursor) return replyEphemeral(target, errorNotice('This button is out of date. Run the audit command again.'));
    const r = await deps.services.audit.latest(actor, {
      ...(cursor.connectionRef ? { connectionRef: cursor.connectionRef } : {}),
      beforeSeq: cursor.beforeSeq,
      limit: AUDIT_PAGE_SIZE,
    });
    if (!r.ok) return replyEphemeral(target, failureMessage(r.code, r.message, deps.config.slack.command));
    await replyEphemeral(
      target,
      auditPageMessage(r.value.entries, { connectionRef: cursor.connectionRef, nextBeforeSeq: r.value.nextBeforeSeq }),
      { replaceOriginal: true },
    );
  };
}
