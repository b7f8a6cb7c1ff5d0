/** The landing-page modal: validates the URL on ack, then shows the preview (Confirm / Cancel) ephemerally. */
import { BLOCKS } from '../../../blocks/ids.js';
import { redirectPreviewMessage } from '../../../blocks/redirect-preview.js';
import { checkRedirectUrl } from '../../../domain/redirect-policy.js';
import type { ListenerDeps } from '../../deps.js';
import { readRedirectForm } from '../../parse/view-state.js';
import { connectionFieldError } from './connection-field.js';
import { fieldErrors, modalSubmission } from './submission.js';

export function redirectSubmission(deps: ListenerDeps) {
  return modalSubmission(deps, readRedirectForm, async ({ form, actor, ack, reply }) => {
    const errors: Record<string, string> = {};
    if (!form.connectionId) errors[BLOCKS.connection] = 'Choose a connection.';
    const bad = checkRedirectUrl(form.url, { allowedHosts: deps.config.redirect.allowedHosts });
    if (bad) errors[BLOCKS.redirectUrl] = bad.message;
    if (Object.keys(errors).length > 0) return ack(fieldErrors(errors));
    // Checked on the ack (bounded), so a connection gone since it was picked keeps the form open.
    const field = form.connectionId ? await connectionFieldError(deps, form.connectionId, 'oauth2') : null;
    if (field) {
      await ack(fieldErrors(field.errors));
      return deps.services.redirects.formRefused(actor, form.connectionId, field.code);
    }
    await ack();
    await reply(
      await deps.services.redirects.preview(actor, form.connectionId ?? '', form.url, form.dryRun),
      redirectPreviewMessage,
    );
  });
}
