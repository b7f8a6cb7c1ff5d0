/**
 * One reply per ThreadEvent (src/domain/notification.ts). Customer labels and connection names are
 * escaped; requesters are mentioned on completion and failure. The customer link goes into a
 * button's `url` and a copyable fallback, never into the notification text, and unfurling is off.
 */
import type { KnownBlock } from '@slack/types';
import type { ThreadEvent } from '../domain/notification.js';
import { driftMessage } from './drift-message.js';
import { actions, BUTTON_URL_MAX, button, context, type SlackMessage, section } from './elements.js';
import { escapeMrkdwn, mention, safe, slackDate, urlOrNotSet } from './escape.js';
import { ACTIONS, BLOCKS } from './ids.js';
import { reauthorizeButton, revokeLinkButton } from './link-buttons.js';
import { reminderMessage } from './reminder-message.js';

export interface ThreadContext {
  readonly connectionId: string;
  readonly connectionName?: string | null;
}

const who = (label: string): string => safe(label || 'the customer', 200);

export { reauthorizeValue } from './link-buttons.js';

export function threadEventMessage(event: ThreadEvent, ctx: ThreadContext): SlackMessage {
  const name = ctx.connectionName || ctx.connectionId;
  switch (event.type) {
    case 'redirect.changed': {
      const line = `:twisted_rightwards_arrows: Landing page changed by ${mention(event.by)}: ${urlOrNotSet(event.before)} → ${urlOrNotSet(event.after)}${
        event.viaRelay ? '\nCustomers return through this app, which checks the connection and then forwards them.' : ''
      }`;
      return {
        text: `Landing page changed by ${mention(event.by)}`,
        blocks: [
          section(line),
          event.undoClosed
            ? context([`Undo is no longer available: ${escapeMrkdwn(event.undoClosed)}.`])
            : actions(BLOCKS.threadActions, [
                button({ text: 'Undo', actionId: ACTIONS.redirectUndo, value: event.changeId }),
              ]),
        ],
      };
    }
    case 'redirect.undone':
      return simple(
        `:leftwards_arrow_with_hook: Landing page change undone by ${mention(event.by)}: back to ${urlOrNotSet(event.after)} (was ${urlOrNotSet(event.before)}).`,
        `Landing page change undone by ${mention(event.by)}`,
      );
    case 'relay.set':
      return simple(
        `:link: ${mention(event.by)} pointed the connection's return address at this app so completions are seen at once. Landing page: ${urlOrNotSet(
          event.landingUrl,
        )} (Celigo had ${urlOrNotSet(event.before)}).`,
        'Return relay turned on',
      );
    case 'redirect.guarded': {
      const trigger =
        event.by === null
          ? `${who(event.customerLabel ?? '')} pressed Continue, but the link was stopped before reaching the provider`
          : `The link ${mention(event.by)} asked for ${event.customerLabel ? `for ${who(event.customerLabel)} ` : ''}was not handed out`;
      const back = event.restored
        ? `Its landing-page address is back to ${urlOrNotSet(event.restoredTo)}.`
        : 'Putting its landing-page address back failed: an admin should clear it in integrator.io.';
      return simple(
        `:no_entry: ${trigger}: Celigo sends the authorization code to the connection's landing-page address, so the authorization would fail at the last step. ${back} The app no longer sets a return relay or landing pages on this account; create a new link.`,
        'Authorization link withheld',
      );
    }
    case 'link.created':
      return linkCreated(event);
    case 'link.opened':
      return simple(
        `:eyes: ${who(event.customerLabel)} opened the authorization link and continued to Celigo.`,
        `${who(event.customerLabel)} opened the link`,
      );
    case 'link.not_finished':
      return simple(
        `:warning: ${who(event.customerLabel)} did not finish (provider said: ${safe(event.reason, 100)}). The link still works until it expires.`,
        `${who(event.customerLabel)} did not finish`,
      );
    case 'link.completed':
      return simple(
        `:white_check_mark: ${who(event.customerLabel)} authorized *${safe(name, 200)}*. ${mention(event.requestedBy)}, it is online now.`,
        `${who(event.customerLabel)} authorized ${safe(name, 200)}`,
      );
    case 'link.failed':
      return simple(
        `:x: Authorization by ${who(event.customerLabel)} failed: ${safe(event.reason, 500)}. ${mention(event.requestedBy)}, create a new link when ready.`,
        `Authorization by ${who(event.customerLabel)} failed`,
      );
    case 'link.expired':
      return simple(
        `:hourglass: The link for ${who(event.customerLabel)} expired before it was used. ${mention(event.requestedBy)}, create a new one if still needed.`,
        `The link for ${who(event.customerLabel)} expired`,
      );
    case 'link.replaced':
      return simple(
        `:recycle: The link for ${who(event.customerLabel)} was replaced by a newer link from ${mention(event.by)}; it no longer works.`,
        `The link for ${who(event.customerLabel)} was replaced`,
      );
    case 'link.revoked':
      return simple(
        `:no_entry_sign: ${mention(event.by)} revoked the link for ${who(event.customerLabel)}; it no longer works.`,
        `The link for ${who(event.customerLabel)} was revoked`,
      );
    case 'redirect.drift':
      return driftMessage(event, ctx.connectionId);
    case 'link.reminder':
      return reminderMessage(event, { connectionId: ctx.connectionId, connectionName: name });
    case 'link.dead_link_used':
      return simple(
        `:no_entry: Someone opened the ${safe(event.state, 40)} link for ${who(event.customerLabel)}. They were shown that it no longer works; create a new link if they still need one.`,
        `A ${safe(event.state, 40)} link was used`,
      );
    case 'connection.offline': {
      const connName = event.connectionName || name;
      return {
        text: `${safe(connName, 200)} went offline and needs re-authorization`,
        blocks: [
          section(
            `:warning: *${safe(connName, 200)}* went offline and needs re-authorization.${
              event.lastRequester ? ` ${mention(event.lastRequester)}` : ''
            }`,
          ),
          actions(BLOCKS.threadActions, [
            reauthorizeButton('Re-authorize', ctx.connectionId, connName, event.lastCustomerLabel),
          ]),
        ],
      };
    }
    case 'connection.online':
      return simple(
        `:large_green_circle: *${safe(event.connectionName || name, 200)}* is online again.`,
        `${safe(event.connectionName || name, 200)} is online`,
      );
    case 'account.unavailable':
      return simple(
        `:warning: Celigo account *${safe(event.account, 40)}* is not answering (${safe(event.reason, 60)}), so this connection cannot be checked for now. Pending links stay valid; the app keeps trying, and other accounts are not affected.`,
        `Celigo account ${safe(event.account, 40)} is not answering`,
      );
  }
}

function simple(line: string, text: string): SlackMessage {
  return { text, blocks: [section(line)] };
}

function linkCreated(event: Extract<ThreadEvent, { type: 'link.created' }>): SlackMessage {
  const blocks: KnownBlock[] = [
    section(
      `:key: ${mention(event.by)} created an authorization link for ${who(event.customerLabel)}. It expires ${slackDate(event.expiresAt)}.`,
    ),
  ];
  const linkButtons = [];
  if (event.url.length <= BUTTON_URL_MAX) {
    linkButtons.push(
      button({ text: 'Open authorization link', actionId: ACTIONS.openLink, url: event.url, style: 'primary' }),
    );
  }
  // Staff can take a link back (sent to the wrong person, customer changed their mind); its page then says so.
  linkButtons.push(revokeLinkButton(event.linkId));
  blocks.push(actions(BLOCKS.linkActions, linkButtons));
  // The copyable fallback; an over-long URL is split across sections rather than cut.
  const intro = 'Send this link to the customer:';
  const raw = event.url.replace(/`/g, '%60');
  if (escapeMrkdwn(raw).length <= 2900) blocks.push(section(`${intro}\n\`${escapeMrkdwn(raw)}\``));
  else {
    // Chunk the raw URL, then escape, so no `&amp;` is cut in half and each section stays under 3000.
    blocks.push(section(intro));
    for (let i = 0; i < raw.length; i += 500) blocks.push(section(`\`${escapeMrkdwn(raw.slice(i, i + 500))}\``));
  }
  const notes = [
    event.hosted
      ? 'The link opens a page hosted by this app; Celigo is reached only when the customer presses Continue.'
      : 'This is Celigo’s own authorization address; anyone who has it can authorize the connection.',
  ];
  if (!event.completionDetectable) {
    notes.push('The connection was already online, so completion may not be detected automatically.');
  }
  blocks.push(context(notes));
  return { text: `Authorization link created for ${who(event.customerLabel)}`, blocks };
}

/**
 * What an earlier link message becomes once the link is no longer usable (completed, expired, replaced…),
 * so nobody copies a dead link from the thread. Undefined for events that are not about a link.
 */
export function linkMessageEdit(event: ThreadEvent): SlackMessage | undefined {
  const closed = (how: string, label: string) => ({
    text: `The link for ${who(label)} is no longer usable (${how})`,
    blocks: [section(`:lock: The authorization link for ${who(label)} is no longer usable: ${how}.`)],
  });
  switch (event.type) {
    case 'link.completed':
      return closed('the customer authorized the connection', event.customerLabel);
    case 'link.failed':
      return closed('the authorization failed', event.customerLabel);
    case 'link.expired':
      return closed('it expired', event.customerLabel);
    case 'link.replaced':
      return closed('a newer link replaced it', event.customerLabel);
    case 'link.revoked':
      return closed(`${mention(event.by)} revoked it`, event.customerLabel);
    default:
      return undefined;
  }
}
