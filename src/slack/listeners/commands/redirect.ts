/** `/celigo redirect <connection> <url> [--dry-run]`: a preview with Confirm; nothing changes yet. */
import { redirectPreviewMessage } from '../../../blocks/redirect-preview.js';
import type { CommandHandler } from './context.js';

export const redirect: CommandHandler<'redirect'> = async ({ args, deps, actor, reply, fail }, parsed) => {
  await args.ack();
  const r = await deps.services.redirects.preview(actor, parsed.connectionRef, parsed.url, parsed.dryRun);
  await (r.ok ? reply(redirectPreviewMessage(r.value)) : fail(r));
};
