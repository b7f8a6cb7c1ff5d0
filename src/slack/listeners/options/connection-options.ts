/**
 * The connection picker's typeahead (external_select). Must answer within 3 s, so a slow Celigo search
 * is cut off and answered with no options rather than an error Slack would show as "trouble connecting".
 */
import type { AllMiddlewareArgs, BlockSuggestion, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { connectionOption } from '../../../blocks/modals.js';
import { actorFromInteraction } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { logOf } from '../../middleware/request-context.js';
import { decodeMetadata } from '../../parse/view-state.js';

type Args = SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs;

const BUDGET_MS = 2500;

export function connectionOptions(deps: ListenerDeps) {
  return async ({ ack, body, context }: Args): Promise<void> => {
    const b: BlockSuggestion = body;
    const meta = decodeMetadata(b.view?.private_metadata);
    const actor = actorFromInteraction(b, b.channel?.id ?? meta?.channelId ?? null, `options-${Date.now()}`);
    const log = logOf(context, deps.logger);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), BUDGET_MS);
    });
    const search = deps.services.connections.search(actor, (b.value ?? '').trim());
    // If the search fails after we gave up on it, nobody is listening: keep that from being unhandled.
    search.catch(() => undefined);
    const r = await Promise.race([search, timeout]);
    clearTimeout(timer);
    if (r === 'timeout') {
      log.warn('Connection search took too long; answered with no options.');
      return ack({ options: [] });
    }
    if (!r.ok) {
      log.info({ code: r.code }, 'Connection search refused.');
      return ack({ options: [] });
    }
    await ack({
      options: r.value.slice(0, 100).map((c) => connectionOption(c, c.state === 'online' ? undefined : c.state)),
    });
  };
}
