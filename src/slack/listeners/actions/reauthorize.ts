/**
 * Re-authorize ("went offline" reply, reminder, Home tab): opens the link modal pre-filled with the connection
 * and the last customer label, so submitting it unchanged creates the link. Only for who may create links
 * (checked before the modal opens); the submission re-checks everything. The trigger_id lives 3 s, so the
 * role check is the only thing done before views.open.
 */
import { randomUUID } from 'node:crypto';
import { linkModal } from '../../../blocks/modals.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { decodeReauthorizeValue, encodeMetadata } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';
import { type ButtonArgs, buttonContext } from './button-context.js';

export function reauthorize(deps: ListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    const { ack, body, action, client } = args;
    await ack();
    const { actor, target } = buttonContext(deps, args);
    const allowed = await deps.services.access.check(actor, 'generate_link');
    if (!allowed.ok) {
      return replyEphemeral(target, failureMessage(allowed.code, allowed.message, deps.config.slack.command));
    }
    const picked = decodeReauthorizeValue(action.value);
    const meta = encodeMetadata({ channelId: body.channel?.id ?? null, idempotencyKey: randomUUID() });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: linkModal(meta, picked && { id: picked.id, name: picked.name }, picked?.label ?? null),
    });
  };
}
