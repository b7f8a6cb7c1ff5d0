/**
 * Confirm / Cancel on the ephemeral preview, and Undo on the thread reply. Buttons carry only the change
 * id; the clicking user is the Actor and the services re-check their role. A double click loses the
 * services' compare-and-set and is answered "already done".
 */

import type { SlackMessage } from '../../../blocks/elements.js';
import { urlOrNotSet } from '../../../blocks/escape.js';
import { errorNotice, okNotice } from '../../../blocks/notice.js';
import type { Actor } from '../../../services/index.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { CHANGE_ID_PATTERN } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';
import { type ButtonArgs, buttonContext } from './button-context.js';

const ALREADY_DONE = errorNotice('Already done: this change was confirmed, cancelled or undone before.');
const BAD_BUTTON = errorNotice('This button is out of date. Start again with the command.');

interface Click {
  readonly actor: Actor;
  readonly changeId: string;
  /** Answers the clicker; `replace` swaps the message holding the button (the ephemeral preview). */
  readonly reply: (message: SlackMessage, replace?: boolean) => Promise<void>;
  readonly failure: (r: { code: string; message: string }) => SlackMessage;
}

/** Acks, checks the change id the button carries (a forged one is answered and changes nothing), then runs. */
function changeButton(deps: ListenerDeps, handle: (click: Click) => Promise<void>) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { target, actor } = buttonContext(deps, args);
    const value = args.action.value ?? '';
    if (!CHANGE_ID_PATTERN.test(value)) return replyEphemeral(target, BAD_BUTTON);
    await handle({
      actor,
      changeId: value,
      reply: (message, replace = false) => replyEphemeral(target, message, { replaceOriginal: replace }),
      failure: (r) => failureMessage(r.code, r.message, deps.config.slack.command),
    });
  };
}

export const confirmRedirect = (deps: ListenerDeps) =>
  changeButton(deps, async ({ actor, changeId, reply, failure }) => {
    const r = await deps.services.redirects.confirm(actor, changeId);
    if (r.ok) {
      const { before, after } = r.value;
      return reply(
        okNotice(
          `:white_check_mark: Landing page set: ${urlOrNotSet(before)} → ${urlOrNotSet(after)}. The connection’s thread has the details and an Undo button.`,
        ),
        true,
      );
    }
    if (r.code === 'change_closed') return reply(ALREADY_DONE, true);
    // A stale preview is closed for good: the refusal replaces it, so its buttons are gone. Otherwise keep
    // the preview so the user can try again after, say, a Celigo outage.
    return reply(failure(r), r.code === 'change_stale');
  });

export const cancelRedirect = (deps: ListenerDeps) =>
  changeButton(deps, async ({ actor, changeId, reply, failure }) => {
    const r = await deps.services.redirects.cancel(actor, changeId);
    if (r.ok) return reply(okNotice('Cancelled. Nothing was changed.'), true);
    if (r.code === 'change_closed') return reply(ALREADY_DONE, true);
    return reply(failure(r));
  });

/** The thread message is shared: answer only the clicker, never replace it. */
export const undoRedirect = (deps: ListenerDeps) =>
  changeButton(deps, async ({ actor, changeId, reply, failure }) => {
    const r = await deps.services.redirects.undo(actor, changeId);
    if (r.ok) {
      return reply(
        okNotice(`:leftwards_arrow_with_hook: Undone. The landing page is back to ${urlOrNotSet(r.value.restored)}.`),
      );
    }
    if (r.code === 'change_closed')
      return reply(errorNotice('Already done: this change was undone or replaced before.'));
    return reply(failure(r));
  });
