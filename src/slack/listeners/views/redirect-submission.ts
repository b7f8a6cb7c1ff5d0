/** The landing-page modal: validates the URL on ack, then shows the preview (Confirm / Cancel) ephemerally. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { BLOCKS } from '../../../blocks/ids.js';
import { redirectPreviewMessage } from '../../../blocks/redirect-preview.js';
import { checkRedirectUrl } from '../../../domain/redirect-policy.js';
import { actorFromInteraction } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { logOf } from '../../middleware/request-context.js';
import { decodeMetadata, readRedirectForm } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';
import { connectionFieldError } from './connection-field.js';
import { staleFormErrors } from './stale-form.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function redirectSubmission(deps: ListenerDeps) {
  return async ({ ack, body, view, client, context }: Args): Promise<void> => {
    const meta = decodeMetadata(view.private_metadata);
    if (!meta) return void (await ack(staleFormErrors(BLOCKS.connection)));
    const form = readRedirectForm(view.state.values);
    const errors: Record<string, string> = {};
    if (!form.connectionId) errors[BLOCKS.connection] = 'Choose a connection.';
    const bad = checkRedirectUrl(form.url, { allowedHosts: deps.config.redirect.allowedHosts });
    if (bad) errors[BLOCKS.redirectUrl] = bad.message;
    if (Object.keys(errors).length > 0) return void (await ack({ response_action: 'errors', errors }));
    const actor = actorFromInteraction(body, meta.channelId, body.trigger_id || view.id);
    // Checked on the ack (bounded), so a connection gone since it was picked keeps the form open.
    const field = form.connectionId ? await connectionFieldError(deps, form.connectionId, 'oauth2') : null;
    if (field) {
      await ack({ response_action: 'errors', errors: field.errors });
      return deps.services.redirects.formRefused(actor, form.connectionId, field.code);
    }
    await ack();

    const target = { client, userId: actor.userId, channelId: actor.channelId, log: logOf(context, deps.logger) };
    const r = await deps.services.redirects.preview(actor, form.connectionId ?? '', form.url, form.dryRun);
    await replyEphemeral(
      target,
      r.ok ? redirectPreviewMessage(r.value) : failureMessage(r.code, r.message, deps.config.slack.command),
    );
  };
}
