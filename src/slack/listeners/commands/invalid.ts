/** Text the parser could not read: the answer rides on the ack itself (nothing slow to do). */
import { errorNotice } from '../../../blocks/notice.js';
import type { CommandHandler } from './context.js';

export const invalid: CommandHandler<'invalid'> = async ({ args, deps, actor }, parsed) => {
  const m = errorNotice(parsed.message);
  await args.ack({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
  // A refused label is audited like the service's own refusals.
  if (parsed.linkRefusal) await deps.services.links.formRefused(actor, null, [parsed.linkRefusal]);
};
