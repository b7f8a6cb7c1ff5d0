/**
 * "Put the relay back", on a drift reply: previews pointing the connection at this app's return relay again,
 * forwarding to the landing page, exactly like `/celigo redirect` (the service checks the admin role;
 * nothing changes until Confirm).
 */
import { errorNotice } from '../../../blocks/notice.js';
import { redirectPreviewMessage } from '../../../blocks/redirect-preview.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { decodeRelayRestoreValue } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';
import { type ButtonArgs, buttonContext } from './button-context.js';

export function relayRestore(deps: ListenerDeps) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const { target, actor } = buttonContext(deps, args);
    const picked = decodeRelayRestoreValue(args.action.value);
    if (!picked)
      return replyEphemeral(target, errorNotice('This button is out of date. Start again with the command.'));
    if (!picked.url) {
      return replyEphemeral(
        target,
        errorNotice(
          `No landing page is known for this connection. Choose one with \`${deps.config.slack.command} redirect\`.`,
        ),
      );
    }
    const r = await deps.services.redirects.preview(actor, picked.id, picked.url, false);
    return replyEphemeral(
      target,
      r.ok ? redirectPreviewMessage(r.value) : failureMessage(r.code, r.message, deps.config.slack.command),
    );
  };
}
