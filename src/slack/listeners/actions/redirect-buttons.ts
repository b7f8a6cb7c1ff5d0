/**
 * Confirm / Cancel on the ephemeral preview, and Undo on the thread reply. Buttons carry only the change
 * id; the clicking user is the Actor and the services re-check their role. A double click loses the
 * services' compare-and-set and is answered "already done".
 */

import { urlOrNotSet } from '../../../blocks/escape.js';
import { errorNotice, okNotice } from '../../../blocks/notice.js';
import type { Actor } from '../../../services/index.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { CHANGE_ID_PATTERN } from '../../parse/view-state.js';
import { type ReplyTarget, replyEphemeral } from '../../reply.js';
import { type ButtonArgs, buttonContext } from './button-context.js';

type Args = ButtonArgs;

function setup(deps: ListenerDeps, args: Args): { changeId: string | null; target: ReplyTarget; actor: Actor } {
  const value = args.action.value ?? '';
  return { changeId: CHANGE_ID_PATTERN.test(value) ? value : null, ...buttonContext(deps, args) };
}

const ALREADY_DONE = errorNotice('Already done: this change was confirmed, cancelled or undone before.');
const BAD_BUTTON = errorNotice('This button is out of date. Start again with the command.');

export function confirmRedirect(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const { changeId, target, actor } = setup(deps, args);
    if (!changeId) return replyEphemeral(target, BAD_BUTTON);
    const r = await deps.services.redirects.confirm(actor, changeId);
    if (r.ok) {
      return replyEphemeral(
        target,
        okNotice(
          `:white_check_mark: Landing page set: ${urlOrNotSet(r.value.before)} → ${urlOrNotSet(r.value.after)}. The connection’s thread has the details and an Undo button.`,
        ),
        { replaceOriginal: true },
      );
    }
    if (r.code === 'change_closed') return replyEphemeral(target, ALREADY_DONE, { replaceOriginal: true });
    // A stale preview is closed for good: the refusal replaces it, so its buttons are gone.
    const closedForGood = r.code === 'change_stale';
    // Otherwise keep the preview so the user can try again after, say, a Celigo outage.
    return replyEphemeral(target, failureMessage(r.code, r.message, deps.config.slack.command), {
      replaceOriginal: closedForGood,
    });
  };
}

export function cancelRedirect(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const { changeId, target, actor } = setup(deps, args);
    if (!changeId) return replyEphemeral(target, BAD_BUTTON);
    const r = await deps.services.redirects.cancel(actor, changeId);
    if (r.ok) return replyEphemeral(target, okNotice('Cancelled. Nothing was changed.'), { replaceOriginal: true });
    if (r.code === 'change_closed') return replyEphemeral(target, ALREADY_DONE, { replaceOriginal: true });
    return replyEphemeral(target, failureMessage(r.code, r.message, deps.config.slack.command));
  };
}

export function undoRedirect(deps: ListenerDeps) {
  return async (args: Args): Promise<void> => {
    await args.ack();
    const { changeId, target, actor } = setup(deps, args);
    if (!changeId) return replyEphemeral(target, BAD_BUTTON);
    const r = await deps.services.redirects.undo(actor, changeId);
    // The thread message is shared: answer only the clicker, never replace it.
    if (r.ok) {
      return replyEphemeral(
        target,
        okNotice(`:leftwards_arrow_with_hook: Undone. The landing page is back to ${urlOrNotSet(r.value.restored)}.`),
      );
    }
    if (r.code === 'change_closed') {
      return replyEphemeral(target, errorNotice('Already done: this change was undone or replaced before.'));
    }
    return replyEphemeral(target, failureMessage(r.code, r.message, deps.config.slack.command));
  };
}
