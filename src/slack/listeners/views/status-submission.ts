/** The status modal: the connection's status goes to the caller ephemerally. */
import { BLOCKS } from '../../../blocks/ids.js';
import { statusMessage } from '../../../blocks/status-view.js';
import type { ListenerDeps } from '../../deps.js';
import { readStatusForm } from '../../parse/view-state.js';
import { fieldErrors, modalSubmission } from './submission.js';

export function statusSubmission(deps: ListenerDeps) {
  return modalSubmission(deps, readStatusForm, async ({ form, actor, ack, reply }) => {
    if (!form.connectionId) return ack(fieldErrors({ [BLOCKS.connection]: 'Choose a connection.' }));
    await ack();
    await reply(await deps.services.connections.status(actor, form.connectionId), statusMessage);
  });
}
