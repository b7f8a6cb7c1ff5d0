/**
 * What every modal submission shares: a stale or tampered form is refused on the ack and changes nothing;
 * the person who submitted is the actor; answers go to them ephemerally after the modal has closed.
 */
import type {
  AllMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewErrorsResponseAction,
  ViewResponseAction,
  ViewSubmitAction,
} from '@slack/bolt';
import type { SlackMessage } from '../../../blocks/elements.js';
import { BLOCKS } from '../../../blocks/ids.js';
import type { Actor } from '../../../services/index.js';
import { actorFromInteraction } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { logOf } from '../../middleware/request-context.js';
import { decodeMetadata } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface Submission<F> {
  readonly form: F;
  readonly meta: FormMetadata;
  readonly actor: Actor;
  /** Closes the modal, or keeps it open with field errors (keyed by the input's block_id). */
  readonly ack: (response?: ViewResponseAction) => Promise<void>;
  /** A service result to the submitter: `render` on success, the failure's own message otherwise. */
  readonly reply: <T>(r: ServiceResult<T>, render: (value: T) => SlackMessage) => Promise<void>;
}

type FormMetadata = NonNullable<ReturnType<typeof decodeMetadata>>;
type ServiceResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

/** private_metadata that fails validation: a stale or tampered form. Nothing is done; the user starts again. */
const staleFormErrors = (blockId: string): ViewErrorsResponseAction => ({
  response_action: 'errors',
  errors: { [blockId]: 'This form is out of date. Close it and run the command again.' },
});

/** Field errors on the ack: the modal stays open with each message under its input. */
export const fieldErrors = (errors: Record<string, string>): ViewErrorsResponseAction => ({
  response_action: 'errors',
  errors,
});

export function modalSubmission<F>(
  deps: ListenerDeps,
  read: (state: unknown) => F,
  handle: (s: Submission<F>) => Promise<void>,
) {
  return async ({ ack, body, view, client, context }: Args): Promise<void> => {
    const meta = decodeMetadata(view.private_metadata);
    if (!meta) return void (await ack(staleFormErrors(BLOCKS.connection)));
    const actor = actorFromInteraction(body, meta.channelId, body.trigger_id || view.id);
    const target = { client, userId: actor.userId, channelId: actor.channelId, log: logOf(context, deps.logger) };
    await handle({
      form: read(view.state.values),
      meta,
      actor,
      ack,
      reply: (r, render) =>
        replyEphemeral(target, r.ok ? render(r.value) : failureMessage(r.code, r.message, deps.config.slack.command)),
    });
  };
}
