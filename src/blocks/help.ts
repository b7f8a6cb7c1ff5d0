/** `/celigo help`: usage, and what this caller may do here. */
import type { KnownBlock } from '@slack/types';
import type { Action } from '../domain/access.js';
import { context, type SlackMessage, section } from './elements.js';
import { escapeMrkdwn } from './escape.js';

export interface HelpInput {
  readonly command: string;
  readonly open: boolean;
  readonly channelAllowed: boolean;
  readonly allowed: ReadonlySet<Action>;
}

const USAGE: ReadonlyArray<{ action: Action; usage: string; what: string }> = [
  { action: 'help', usage: 'help', what: 'this help' },
  { action: 'list_connections', usage: 'connections [filter]', what: 'list OAuth 2.0 connections and their state' },
  {
    action: 'list_connections',
    usage: 'accounts',
    what: 'list the Celigo accounts with region, token state and OAuth 2.0 connection count',
  },
  {
    action: 'generate_link',
    usage: 'link <connection> [customer label]',
    what: 'create a customer authorization link (no arguments: open a form)',
  },
  {
    action: 'set_redirect',
    usage: 'redirect <connection> <url> [--dry-run]',
    what: 'preview and set where customers land after authorizing (no arguments: open a form)',
  },
  { action: 'view_status', usage: 'status <connection>', what: 'state, landing page and pending links' },
  { action: 'view_audit', usage: 'audit [connection]', what: 'the latest audit entries, shown only to you' },
];

export function helpMessage(input: HelpInput): SlackMessage {
  const cmd = escapeMrkdwn(input.command);
  const may = USAGE.filter((u) => input.allowed.has(u.action));
  const mayNot = USAGE.filter((u) => !input.allowed.has(u.action));
  const line = (u: (typeof USAGE)[number]) => `• \`${cmd} ${escapeMrkdwn(u.usage)}\` — ${u.what}`;
  const blocks: KnownBlock[] = [
    section(
      `*${cmd}* helps you send Celigo OAuth 2.0 authorization links to customers and follow them in a thread.\n` +
        `\`${cmd}\` alone opens a menu. A connection is its 24-character ID or its exact name (put names with spaces in "quotes").`,
    ),
    section(`*You may use:*\n${may.length ? may.map(line).join('\n') : '• only `help`'}`),
  ];
  if (mayNot.length) {
    blocks.push(
      section(`*Not available to you:*\n${mayNot.map(line).join('\n')}\nAsk an admin of this app if you need them.`),
    );
  }
  const notes: string[] = [];
  if (input.open) notes.push('No operators or admins are configured, so everyone in this workspace may do everything.');
  if (!input.channelAllowed) notes.push('This command is not enabled in this channel; use it in an allowed channel.');
  if (notes.length) blocks.push(context(notes));
  return { text: `${cmd} help: you may use ${may.map((u) => u.usage.split(' ')[0]).join(', ') || 'help'}`, blocks };
}
