/** `/celigo link <connection> <customer label>`: creates the customer link; it is posted in the thread. */
import { linkCreatedMessage } from '../../../blocks/link-created.js';
import type { CommandHandler } from './context.js';

export const link: CommandHandler<'link'> = async ({ args, deps, actor, reply, fail }, parsed) => {
  await args.ack();
  const r = await deps.services.links.generate(actor, {
    connectionRef: parsed.connectionRef,
    customerLabel: parsed.customerLabel,
    // Slack resends a command it thinks was lost with the same trigger_id: one link, not two.
    idempotencyKey: `cmd:${args.command.trigger_id}`,
  });
  await (r.ok ? reply(linkCreatedMessage(r.value)) : fail(r));
};
