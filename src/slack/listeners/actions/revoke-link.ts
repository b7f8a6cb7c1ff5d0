/**
 * Revoke, on a link-created thread reply. The button carries only the link id; the clicking user is the
 * Actor and the service re-checks their role. The link's page then says it was revoked, and the thread
 * is told. A second click (or a link that completed meanwhile) is answered "nothing to revoke".
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { safe } from '../../../blocks/escape.js';
import { errorNotice, okNotice } from '../../../blocks/notice.js';
import { actorFromInteraction } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { logOf } from '../../middleware/request-context.js';
import { CHANGE_ID_PATTERN } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function revokeLink(deps: ListenerDeps) {
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
    // Link ids are generated ids of the same shape as change ids; anything else is a forged or stale button.
    const linkId = CHANGE_ID_PATTERN.test(action.value ?? '') ? (action.value ?? '') : null;
    if (!linkId) return replyEphemeral(target, errorNotice('This button is out of date.'));
    const r = await deps.services.links.revoke(actor, linkId);
    if (r.ok) {
      return replyEphemeral(
        target,
        okNotice(
          `:no_entry_sign: Revoked the link for ${safe(r.value.customerLabel || 'the customer', 200)}. Its page now says so.`,
        ),
      );
    }
    return replyEphemeral(target, failureMessage(r.code, r.message, deps.config.slack.command));
  };
}
