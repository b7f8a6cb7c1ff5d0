/** The reply when a watched connection's landing page was changed outside the app. */
import type { ThreadEvent } from '../domain/notification.js';
import { actions, button, type SlackMessage, section } from './elements.js';
import { clip, codeUrl } from './escape.js';
import { ACTIONS, BLOCKS } from './ids.js';

const url = (v: string | null): string => (v ? codeUrl(clip(v, 1200)) : '_not set_');

/** Value of "Put the relay back": the connection and the landing page to preview. */
export const relayRestoreValue = (connectionId: string, landingUrl: string | null): string =>
  JSON.stringify({ id: connectionId, url: landingUrl ? clip(landingUrl, 1800) : null });

export function driftMessage(
  event: Extract<ThreadEvent, { type: 'redirect.drift' }>,
  connectionId: string,
): SlackMessage {
  const line = `:warning: The landing page was changed outside this app (in integrator.io or by another tool): ${url(event.before)} → ${url(event.after)}.`;
  if (!event.relayRemoved) return { text: 'The landing page was changed outside this app', blocks: [section(line)] };
  return {
    text: 'The landing page was changed outside this app; completions are now found by polling only',
    blocks: [
      section(
        `${line}\nThe change took out this app’s return relay, so completions are now found by polling only. An admin can put the relay back (you see a preview first).`,
      ),
      actions(BLOCKS.threadActions, [
        button({
          text: 'Put the relay back',
          actionId: ACTIONS.relayRestore,
          value: relayRestoreValue(connectionId, event.landingUrl),
        }),
      ]),
    ],
  };
}
