/** The reminder reply for a pending link nobody has finished (LINK_REMIND_AFTER / LINK_REMIND_BEFORE_EXPIRY). */
import type { ThreadEvent } from '../domain/notification.js';
import { actions, type SlackMessage, section } from './elements.js';
import { mention, safe } from './escape.js';
import { BLOCKS } from './ids.js';
import { reauthorizeButton, revokeLinkButton } from './link-buttons.js';

/** "48 h", "45 min": rounded, never "0". */
export function roughDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

export function reminderMessage(
  event: Extract<ThreadEvent, { type: 'link.reminder' }>,
  ctx: { connectionId: string; connectionName: string },
): SlackMessage {
  const customer = safe(event.customerLabel || 'The customer', 200);
  const expires = roughDuration(event.expiresInMs);
  const line =
    event.kind === 'not_finished' && event.openedAgoMs !== null
      ? `${customer} opened the link ${roughDuration(event.openedAgoMs)} ago but has not finished; it expires in ${expires}`
      : `${customer} has not opened the link yet; it expires in ${expires}`;
  return {
    text: line,
    blocks: [
      section(`:alarm_clock: ${line}. ${mention(event.requestedBy)}`),
      actions(BLOCKS.linkActions, [
        revokeLinkButton(event.linkId),
        reauthorizeButton('Create a new link', ctx.connectionId, ctx.connectionName, event.customerLabel),
      ]),
    ],
  };
}
