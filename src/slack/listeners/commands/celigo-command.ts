/**
 * `/celigo`: parses the text and hands it to the subcommand's handler. Each handler lives in its own file
 * and acks first — within 3 s, before any Celigo call — then opens a modal on the trigger_id or does the
 * slow work and answers with an ephemeral message. Adding a subcommand: see docs/architecture.md.
 */
import type { Config } from '../../../config.js';
import type { ListenerDeps } from '../../deps.js';
import { type ParsedCommand, parseCommandText } from '../../parse/command-text.js';
import type { Lane } from '../../post-ack-queue.js';
import { accounts } from './accounts.js';
import { audit } from './audit.js';
import { connections } from './connections.js';
import { type CommandArgs, type CommandHandler, commandContext } from './context.js';
import { help } from './help.js';
import { invalid } from './invalid.js';
import { link } from './link.js';
import { linkForm, menu, redirectForm } from './modals.js';
import { redirect } from './redirect.js';
import { status } from './status.js';

/** One handler per parsed kind; the type makes a new kind without a handler a compile error. */
const HANDLERS: { readonly [K in ParsedCommand['kind']]: CommandHandler<K> } = {
  invalid,
  menu,
  link_modal: linkForm,
  redirect_modal: redirectForm,
  help,
  connections,
  accounts,
  link,
  redirect,
  status,
  audit,
};

export function celigoCommand(deps: ListenerDeps) {
  return async (args: CommandArgs): Promise<void> => {
    const parsed = parseCommandText(args.command.text ?? '', deps.config.slack.command);
    const handler = HANDLERS[parsed.kind] as CommandHandler<typeof parsed.kind>;
    await handler(commandContext(deps, args), parsed);
  };
}

/** Kinds whose handler opens a modal on the trigger_id (valid for 3 s): served before other commands. */
const OPENS_MODAL: ReadonlySet<ParsedCommand['kind']> = new Set(['menu', 'link_modal', 'redirect_modal']);

/**
 * Which `/celigo` commands may be acknowledged before Bolt runs their handler: every one whose ack is empty.
 * Text the parser cannot read is answered on the ack itself, so it runs its handler inline.
 */
export function commandLane(config: Pick<Config, 'slack'>) {
  return (body: Readonly<Record<string, unknown>>): Lane => {
    if (body['command'] !== config.slack.command) return 'inline';
    const kind = parseCommandText(typeof body['text'] === 'string' ? body['text'] : '', config.slack.command).kind;
    if (kind === 'invalid') return 'inline';
    return OPENS_MODAL.has(kind) ? 'first' : 'door';
  };
}
