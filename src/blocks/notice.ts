/** Short ephemeral answers: outcomes and plain-words errors. */
import type { KnownBlock } from '@slack/types';
import { context, type SlackMessage, section } from './elements.js';
import { escapeMrkdwn } from './escape.js';

/**
 * `message` is plain words from a service or parser: escaped, never trusted as markup. `namesUser`: the
 * service named who acted as " by <@U…> since " (a stale change); only that exact shape becomes a mention.
 */
export function errorNotice(message: string, hint?: string, namesUser = false): SlackMessage {
  const escaped = escapeMrkdwn(message);
  const text = `:warning: ${namesUser ? escaped.replace(/ by &lt;@([UW][A-Z0-9]+)&gt; since /, ' by <@$1> since ') : escaped}`;
  const blocks: KnownBlock[] = [section(text)];
  if (hint) blocks.push(section(escapeMrkdwn(hint)));
  blocks.push(context(['Nothing was changed.']));
  return { text: `${text}${hint ? ` ${escapeMrkdwn(hint)}` : ''} Nothing was changed.`, blocks };
}

/** `markdown` is already-safe mrkdwn built by the caller (escape user text first). */
export function okNotice(markdown: string): SlackMessage {
  return { text: markdown, blocks: [section(markdown)] };
}
