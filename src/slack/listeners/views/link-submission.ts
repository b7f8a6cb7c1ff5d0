/**
 * The link modal's submission. Field errors are answered on the ack (keyed by the input's block_id);
 * everything else goes to the caller as an ephemeral message after the modal has closed.
 */
import { BLOCKS, MAX_CUSTOMER_LABEL } from '../../../blocks/ids.js';
import { linkCreatedMessage } from '../../../blocks/link-created.js';
import { checkRedirectUrl } from '../../../domain/redirect-policy.js';
import type { GenerateLinkCode } from '../../../services/index.js';
import type { ListenerDeps } from '../../deps.js';
import { readLinkForm } from '../../parse/view-state.js';
import { connectionFieldError } from './connection-field.js';
import { fieldErrors, modalSubmission } from './submission.js';

export function linkSubmission(deps: ListenerDeps) {
  return modalSubmission(deps, readLinkForm, async ({ form, meta, actor, ack, reply }) => {
    const errors: Record<string, string> = {};
    const codes: GenerateLinkCode[] = [];
    if (!form.connectionId) errors[BLOCKS.connection] = 'Choose a connection.';
    if (!form.customerLabel) errors[BLOCKS.customerLabel] = 'Enter the customer’s name.';
    else if (form.customerLabel.length > MAX_CUSTOMER_LABEL) {
      errors[BLOCKS.customerLabel] = `Use at most ${MAX_CUSTOMER_LABEL} characters.`;
    }
    if (errors[BLOCKS.customerLabel]) codes.push('label_invalid');
    if (form.landingUrl) {
      const bad = checkRedirectUrl(form.landingUrl, { allowedHosts: deps.config.redirect.allowedHosts });
      if (bad) {
        errors[BLOCKS.landingUrl] = bad.message;
        codes.push('redirect_not_allowed');
      }
    }
    if (Object.keys(errors).length > 0) {
      await ack(fieldErrors(errors));
      // A form still being filled in (no connection chosen yet) is not an attempt worth a log entry.
      if (codes.length > 0) await deps.services.links.formRefused(actor, form.connectionId, codes);
      return;
    }
    // Checked on the ack (bounded), so a connection gone since it was picked keeps the form open.
    const field = form.connectionId ? await connectionFieldError(deps, form.connectionId, 'authorize_code') : null;
    if (field) {
      await ack(fieldErrors(field.errors));
      return deps.services.links.formRefused(actor, form.connectionId, [field.code]);
    }
    await ack();

    const r = await deps.services.links.generate(actor, {
      connectionRef: form.connectionId ?? '',
      customerLabel: form.customerLabel,
      ...(form.landingUrl ? { landingUrl: form.landingUrl } : {}),
      idempotencyKey: `view:${meta.idempotencyKey}`,
    });
    await reply(r, linkCreatedMessage);
  });
}
