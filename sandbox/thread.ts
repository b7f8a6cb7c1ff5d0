/**
 * Rebuilds a Slack thread from what the app sent the fake Slack: `chat.postMessage` (the card and each
 * reply) and `chat.update` (edits), so it can be shown the way it reads in Slack — each message at its
 * latest version, marked as edited, with a reply's first version kept for the record.
 */
import type { FakeSlack, SlackCall } from '../test/support/fake-slack.js';
import { blocksToLines } from './render-blocks.js';

export interface MessageVersion {
  readonly text: string;
  readonly blocks: readonly unknown[];
  /** Plain terminal lines (no ANSI), as printed without colour. */
  readonly lines: readonly string[];
}

export interface RenderedMessage extends MessageVersion {
  readonly kind: 'card' | 'reply';
  readonly channel: string;
  readonly ts: string;
  /** When the app posted it (ms since the epoch). */
  readonly postedAt: number;
  /** How many times the app edited it. */
  readonly edits: number;
  /** A reply's first version when it was edited since (the card's history is not kept: it is a status). */
  readonly original?: MessageVersion;
}

interface Posted {
  readonly ts: string;
  readonly params: Record<string, unknown>;
  readonly at: number;
}

export interface ThreadRecorder {
  readonly posted: readonly Posted[];
  /** The thread (card first, then replies in order) of the first card posted in `channel`. */
  thread(channel: string): RenderedMessage[];
}

/**
 * Makes the fake Slack answer `chat.postMessage` with timestamps this recorder hands out, so every
 * posted message can be matched with the edits that later name its `ts`.
 */
export function recordThreads(slack: FakeSlack): ThreadRecorder {
  const posted: Posted[] = [];
  let seq = 0;
  slack.overrides.set('chat.postMessage', (params) => {
    seq += 1;
    const ts = `1800000000.${String(seq).padStart(6, '0')}`;
    posted.push({ ts, params, at: Date.now() });
    return { body: { ok: true, channel: params['channel'], ts, message: {} } };
  });

  return {
    posted,
    thread(channel) {
      const inChannel = posted.filter((p) => p.params['channel'] === channel);
      const card = inChannel.find((p) => !p.params['thread_ts']);
      if (!card) return [];
      const replies = inChannel.filter((p) => p.params['thread_ts'] === card.ts);
      const updates = slack.callsOf('chat.update').filter((u) => u.params['channel'] === channel);
      return [render(card, 'card', updates), ...replies.map((r) => render(r, 'reply', updates))];
    },
  };
}

const version = (params: Record<string, unknown>): MessageVersion => {
  const text = typeof params['text'] === 'string' ? params['text'] : '';
  const blocks = Array.isArray(params['blocks']) ? (params['blocks'] as unknown[]) : [];
  return { text, blocks, lines: blocksToLines(blocks, text, false) };
};

function render(p: Posted, kind: RenderedMessage['kind'], updates: readonly SlackCall[]): RenderedMessage {
  const edits = updates.filter((u) => u.params['ts'] === p.ts);
  const first = version(p.params);
  const latest = edits.length ? version(edits[edits.length - 1]?.params ?? {}) : first;
  return {
    kind,
    channel: String(p.params['channel']),
    ts: p.ts,
    postedAt: p.at,
    edits: edits.length,
    ...latest,
    ...(kind === 'reply' && edits.length ? { original: first } : {}),
  };
}
