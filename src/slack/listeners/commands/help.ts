/** `/celigo help`: usage, and what this caller may do here. */
import { helpMessage } from '../../../blocks/help.js';
import type { CommandHandler } from './context.js';

export const help: CommandHandler<'help'> = async ({ args, deps, actor, cmd, reply }) => {
  await args.ack();
  const view = await deps.services.access.describe(actor);
  await reply(
    helpMessage({ command: cmd, open: view.open, channelAllowed: view.channelAllowed, allowed: view.allowed }),
  );
};
