/** `/celigo connections [filter]`: the OAuth 2.0 connections this caller may work on. */
import { connectionsListMessage } from '../../../blocks/connections-list.js';
import type { CommandHandler } from './context.js';

export const connections: CommandHandler<'connections'> = async ({ args, deps, actor, reply, fail }, parsed) => {
  await args.ack();
  const r = await deps.services.connections.list(actor, parsed.filter);
  await (r.ok ? reply(connectionsListMessage(r.value, parsed.filter, deps.services.accounts.names())) : fail(r));
};
