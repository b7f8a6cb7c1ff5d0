/** `/celigo` alone, `link` without a label and `redirect` without arguments open a modal on the trigger_id. */
import { chooserModal, linkModal, redirectModal } from '../../../blocks/modals.js';
import type { CommandHandler } from './context.js';

export const menu: CommandHandler<'menu'> = async ({ args, meta }) => {
  await args.ack();
  await args.client.views.open({ trigger_id: args.command.trigger_id, view: chooserModal(meta()) });
};

export const linkForm: CommandHandler<'link_modal'> = async ({ args, deps, actor, fail, meta }, parsed) => {
  await args.ack();
  // Who may use the form is checked before it opens, not only on submit.
  const allowed = await deps.services.access.check(actor, 'generate_link');
  if (!allowed.ok) return fail(allowed);
  // With a connection typed but no label, the picker starts on what was typed (an id or a name; the
  // service resolves either on submit).
  const ref = parsed.connectionRef;
  await args.client.views.open({
    trigger_id: args.command.trigger_id,
    view: linkModal(meta(), ref ? { id: ref, name: ref } : null),
  });
};

export const redirectForm: CommandHandler<'redirect_modal'> = async ({ args, deps, actor, fail, meta }) => {
  await args.ack();
  const allowed = await deps.services.access.check(actor, 'set_redirect');
  if (!allowed.ok) return fail(allowed);
  await args.client.views.open({ trigger_id: args.command.trigger_id, view: redirectModal(meta()) });
};
