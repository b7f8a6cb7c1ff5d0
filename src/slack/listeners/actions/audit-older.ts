/** "Older" on an audit page: the next page, as the clicking user (re-checked by the service). */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { auditPageMessage } from '../../../blocks/audit-page.js';
import { errorNotice } from '../../../blocks/notice.js';
import { actorFromInteraction } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { logOf } from '../../middleware/request-context.js';
import { decodeAuditCursor } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function auditOlder(deps: ListenerDeps) {
  return async ({ ack, body, action, client, respond, context }: Args): Promise<void> => {
    await ack();
    const actor = actorFromInteraction(body, body.channel?.id ?? null, body.trigger_id);
    const target = {
      client,
      userId: actor.userId,
      channelId: actor.channelId,
      respond,
      log: logOf(context, deps.logger),
    };
    const cursor = decodeAuditCursor(action.value);
    if (!cursor) return replyEphemeral(target, errorNotice('This button is out of date. Run the audit command again.'));
    const r = await deps.services.audit.latest(actor, {
      ...(cursor.connectionRef ? { connectionRef: cursor.connectionRef } : {}),
      beforeSeq: cursor.beforeSeq,
      limit: 15,
    });
    if (!r.ok) return replyEphemeral(target, failureMessage(r.code, r.message, deps.config.slack.command));
    await replyEphemeral(
      target,
      auditPageMessage(r.value.entries, { connectionRef: cursor.connectionRef, nextBeforeSeq: r.value.nextBeforeSeq }),
      { replaceOriginal: true },
    );
  };
}
