/**
 * Ephemeral answers to the caller. With a response_url (commands, buttons) `respond()` is used; it throws
 * RespondError in Bolt 5 when the URL has expired, so we fall back to chat.postEphemeral, and when that
 * cannot reach the user (not in channel, no channel) to a direct message. Never logs the response_url.
 */
import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { SlackMessage } from '../blocks/elements.js';
import { errorCode } from '../errors.js';
import type { Logger } from '../logger.js';

export interface ReplyTarget {
  readonly client: WebClient;
  readonly userId: string;
  readonly channelId: string | null;
  readonly respond?: RespondFn | undefined;
  readonly log: Logger;
}

export async function replyEphemeral(
  t: ReplyTarget,
  msg: SlackMessage,
  opts: { replaceOriginal?: boolean } = {},
): Promise<void> {
  if (t.respond) {
    try {
      const res = await t.respond({
        response_type: 'ephemeral',
        replace_original: opts.replaceOriginal ?? false,
        text: msg.text,
        blocks: msg.blocks,
      });
      // Bolt hands back the response unread; until its body is read the keep-alive connection is not
      // reused, so every reply would open a new one.
      await res?.arrayBuffer?.().catch(() => undefined);
      return;
    } catch (err) {
      t.log.warn(
        { code: errorCode(err) ?? 'unknown' },
        'response_url reply failed; falling back to an ephemeral message.',
      );
    }
  }
  if (t.channelId) {
    try {
      await t.client.chat.postEphemeral({ channel: t.channelId, user: t.userId, text: msg.text, blocks: msg.blocks });
      return;
    } catch (err) {
      t.log.warn({ code: errorCode(err) ?? 'unknown' }, 'Ephemeral message failed; falling back to a direct message.');
    }
  }
  await t.client.chat.postMessage({
    channel: t.userId,
    text: msg.text,
    blocks: msg.blocks,
    unfurl_links: false,
    unfurl_media: false,
  });
}
