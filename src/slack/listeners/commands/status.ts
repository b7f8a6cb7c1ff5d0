/** `/celigo status <connection>`: state, landing page and pending links of one connection. */
import { statusMessage } from '../../../blocks/status-view.js';
import type { CommandHandler } from './context.js';

export const status: CommandHandler<'status'> = async ({ args, deps, actor, reply, fail }, parsed) => {
  await args.ack();
  const r = await deps.services.connections.status(actor, parsed.connectionRef);
  await (r.ok ? reply(statusMessage(r.value)) : fail(r));
};
