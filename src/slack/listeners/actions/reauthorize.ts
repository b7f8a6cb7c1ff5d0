/**
 * Re-authorize ("went offline" reply, reminder, Home tab): opens the link modal pre-filled with the connection
 * and the last customer label, so submitting it unchanged creates the link.
 * The modal is opened first (the trigger_id lives 3 s); the submission re-checks everything.
 */
import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { linkModal } from '../../../blocks/modals.js';
import type { ListenerDeps } from '../../deps.js';
import { decodeReauthorizeValue, encodeMetadata } from '../../parse/view-state.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function reauthorize(_deps: ListenerDeps) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    const picked = decodeReauthorizeValue(action.value);
    const meta = encodeMetadata({ channelId: body.channel?.id ?? null, idempotencyKey: randomUUID() });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: linkModal(meta, picked && { id: picked.id, name: picked.name }, picked?.label ?? null),
    });
  };
}
