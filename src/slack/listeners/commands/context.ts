/** What every subcommand handler gets: the parsed command, who asked, and ways to answer them. */
import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { SlackMessage } from '../../../blocks/elements.js';
import type { Actor } from '../../../services/index.js';
import { actorFromCommand } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { logOf } from '../../middleware/request-context.js';
import type { ParsedCommand } from '../../parse/command-text.js';
import { encodeMetadata } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface CommandContext {
  readonly deps: ListenerDeps;
  readonly actor: Actor;
  /** The slash command as configured (`/celigo` unless SLACK_COMMAND renames it), for usage hints. */
  readonly cmd: string;
  readonly args: CommandArgs;
  /** An ephemeral answer to the caller (after the ack). */
  reply(message: SlackMessage): Promise<void>;
  /** Answers a service's refusal or failure in plain words. */
  fail(r: { readonly code: string; readonly message: string }): Promise<void>;
  /** Fresh private_metadata for a modal opened from this command. */
  meta(): string;
}

/** One subcommand: acks (within 3 s, before any slow call), then does its work. */
export type CommandHandler<K extends ParsedCommand['kind']> = (
  ctx: CommandContext,
  parsed: Extract<ParsedCommand, { kind: K }>,
) => Promise<void>;

export function commandContext(deps: ListenerDeps, args: CommandArgs): CommandContext {
  const { command, respond, client, context } = args;
  const cmd = deps.config.slack.command;
  const actor = actorFromCommand(command);
  const target = {
    client,
    userId: actor.userId,
    channelId: actor.channelId,
    respond,
    log: logOf(context, deps.logger),
  };
  return {
    deps,
    actor,
    cmd,
    args,
    reply: (message) => replyEphemeral(target, message),
    fail: (r) => replyEphemeral(target, failureMessage(r.code, r.message, cmd)),
    meta: () => encodeMetadata({ channelId: actor.channelId, idempotencyKey: randomUUID() }),
  };
}
