/** The status modal: the connection's status goes to the caller ephemerally. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { BLOCKS } from '../../../blocks/ids.js';
import { statusMessage } from '../../../blocks/status-view.js';
import { actorFromInteraction } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { logOf } from '../../middleware/request-context.js';
import { decodeMetadata, readStatusForm } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';
import { staleFormErrors } from './stale-form.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function statusSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client, context }: Args): Promise<void> => {
    const meta = decodeMetadata(view.private_metadata);
    if (!meta) return void (await ack(staleFormErrors(BLOCKS.connection)));
    const form = readStatusForm(view.state.values);
    if (!form.connectionId) {
      return void (await ack({ response_action: 'errors', errors: { [BLOCKS.connection]: 'Choose a connection.' } }));
    }
    await ack();
    const actor = actorFromInteraction(body, meta.channelId, body.trigger_id || view.id);
    const target = { client, userId: actor.userId, channelId: actor.channelId, log: logOf(context, deps.logger) };
    const r = await deps.services.connections.status(actor, form.connectionId);
    await replyEphemeral(
      target,
      r.ok ? statusMessage(r.value) : failureMessage(r.code, r.message, deps.config.slack.command),
    );
  };
}
