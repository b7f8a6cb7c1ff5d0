/** `/celigo accounts`: the Celigo accounts with region, token state and how many OAuth 2.0 connections each has. */
import { accountsMessage } from '../../../blocks/accounts-list.js';
import type { CommandHandler } from './context.js';

export const accounts: CommandHandler<'accounts'> = async ({ args, deps, actor, reply, fail }) => {
  await args.ack();
  const r = await deps.services.accounts.overview(actor);
  await (r.ok ? reply(accountsMessage(r.value)) : fail(r));
};
