/** What every button listener starts with: the clicking user as Actor, and where to answer them. */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Actor } from '../../../services/index.js';
import { actorFromInteraction } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { logOf } from '../../middleware/request-context.js';
import type { ReplyTarget } from '../../reply.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function buttonContext(deps: ListenerDeps, args: ButtonArgs): { actor: Actor; target: ReplyTarget } {
  const { body, client, respond, context } = args;
  const actor = actorFromInteraction(body, body.channel?.id ?? null, body.trigger_id);
  return {
    actor,
    target: { client, userId: actor.userId, channelId: actor.channelId, respond, log: logOf(context, deps.logger) },
  };
}
