/**
 * Revoke, on a link-created thread reply. The button carries only the link id; the clicking user is the
 * Actor and the service re-checks their role. The link's page then says it was revoked, and the thread
 * is told. A second click (or a link that completed meanwhile) is answered "nothing to revoke".
 */
import { safe } from '../../../blocks/escape.js';
import { errorNotice, okNotice } from '../../../blocks/notice.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { CHANGE_ID_PATTERN } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';
import { type ButtonArgs, buttonContext } from './button-context.js';

export function revokeLink(deps: ListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { actor, target } = buttonContext(deps, args);
    // Link ids are generated ids of the same shape as change ids; anything else is a forged or stale button.
    const value = args.action.value ?? '';
    if (!CHANGE_ID_PATTERN.test(value)) return replyEphemeral(target, errorNotice('This button is out of date.'));
    const r = await deps.services.links.revoke(actor, value);
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
