/**
 * Delivers the outbox to Slack: thread cards (post, then edit), replies, edits of earlier replies and
 * audit-channel lines. The outbox owns retries (the WebClient is built with retries 0): 429 waits for
 * Retry-After, 5xx and network errors back off exponentially with jitter, and errors that no retry can
 * fix (channel_not_found, not_in_channel, invalid_auth…) give up after a few attempts.
 *
 * Never post twice: every posted message's ts is recorded (thread parent, or a message ref) before the
 * item is marked sent, and a retried item that finds its ts recorded edits that message instead of
 * posting again. Only a crash between Slack's answer and that record can still duplicate a post.
 */
import type { WebClient } from '@slack/web-api';
import { connectionCardMessage } from '../../blocks/connection-card.js';
import type { SlackMessage } from '../../blocks/elements.js';
import type { HomeView } from '../../blocks/home-view.js';
import type { Config } from '../../config.js';
import type { OutboxMessage, ThreadKey } from '../../domain/notification.js';
import type { Logger } from '../../logger.js';
import { createLoop, type WakeableLoop } from '../../loop.js';
import type { Clock } from '../../ports/clock.js';
import type { OutboxItem, Storage, ThreadRecord } from '../../ports/storage.js';
import { placeholderCard, renderEdit, renderReply } from './render-outbox.js';
import { classifySlackError } from './slack-errors.js';

export interface OutboxWorkerOptions {
  readonly storage: Storage;
  readonly client: WebClient;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Unique per process: leases are taken in this name. */
  readonly owner: string;
  readonly config: Config;
  readonly intervalMs?: number;
  readonly leaseMs?: number;
  /** Attempts before a transient failure is given up (marked dead). */
  readonly maxAttempts?: number;
  readonly minRetryDelayMs?: number;
  /** Attempts before a permanent Slack error (channel_not_found…) is given up. */
  readonly permanentAttempts?: number;
  readonly batchSize?: number;
  /** Builds a user's Home tab for `home` items (the view is rendered from what is stored at delivery). */
  readonly homeView?: (teamId: string, userId: string) => Promise<HomeView>;
  /** Called once per delivery attempt (metrics). */
  readonly onDelivery?: (result: 'sent' | 'retry' | 'dead') => void;
}

/** `wake()`: something was enqueued, deliver now rather than at the next interval. */
export interface OutboxWorker extends WakeableLoop {
  /** One claim-and-deliver round; resolves to the number of items handled (delivered or failed). */
  drainOnce(): Promise<number>;
}

const MAX_BACKOFF_MS = 10 * 60_000;
const MAX_RETRY_AFTER_MS = 15 * 60_000;
/** Slack errors on chat.update that mean "there is nothing to edit any more". */
const GONE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);

export function createOutboxWorker(opts: OutboxWorkerOptions): OutboxWorker {
  const { storage, client, logger, clock, owner } = opts;
  const intervalMs = opts.intervalMs ?? 500;
  const leaseMs = opts.leaseMs ?? 30_000;
  const maxAttempts = opts.maxAttempts ?? 12;
  const minRetryDelayMs = opts.minRetryDelayMs ?? 1_000;
  const permanentAttempts = Math.min(opts.permanentAttempts ?? 3, maxAttempts);
  const batchSize = opts.batchSize ?? 20;

  const backoff = (attempts: number): number => {
    const base = Math.min(minRetryDelayMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
    return Math.max(1, Math.round(base * (1 - Math.random() * 0.25)));
  };

  async function post(channel: string, m: SlackMessage, threadTs?: string): Promise<string> {
    const r = await client.chat.postMessage({
      channel,
      text: m.text,
      ...(m.blocks.length > 0 ? { blocks: m.blocks } : {}),
      unfurl_links: false,
      unfurl_media: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if (!r.ts) throw new Error('chat.postMessage returned no ts');
    return r.ts;
  }

  const update = async (channel: string, ts: string, m: SlackMessage): Promise<void> => {
    await client.chat.update({ channel, ts, text: m.text, blocks: m.blocks });
  };

  /**
   * Posts the thread's card if it has no parent yet; returns the parent ts. `stored` is the thread as the
   * caller just read it (one read per delivery).
   */
  async function ensureParent(
    key: ThreadKey,
    stored: ThreadRecord | undefined,
    initial?: ThreadRecord['card'],
  ): Promise<{ ts: string; name: string }> {
    let thread = stored;
    if (thread?.parentTs) return { ts: thread.parentTs, name: thread.card.connectionName };
    const card = initial ?? thread?.card ?? placeholderCard(key, clock.now());
    if (!thread) {
      await storage.threads.saveCard(key, card, clock.now());
    }
    const ts = await post(key.channelId, connectionCardMessage(card));
    if (!(await storage.threads.setParentTs(key, ts))) {
      // Another replica posted the parent first: take ours back and use theirs.
      await client.chat.delete({ channel: key.channelId, ts }).catch((err: unknown) => {
        logger.warn({ code: classifySlackError(err).code }, 'Could not delete a duplicate thread parent.');
      });
      thread = await storage.threads.get(key);
      if (!thread?.parentTs) throw new Error('thread parent vanished');
      return { ts: thread.parentTs, name: thread.card.connectionName };
    }
    return { ts, name: card.connectionName };
  }

  /** Posts a reply under `ref`, or edits the message already recorded under it by an earlier attempt. */
  async function postReplyOnce(
    key: ThreadKey,
    thread: ThreadRecord | undefined,
    ref: string,
    m: SlackMessage,
    retried: boolean,
  ): Promise<void> {
    if (retried) {
      const earlier = await storage.threads.getMessageRef(ref);
      if (earlier) {
        await update(earlier.channelId, earlier.ts, m);
        return;
      }
    }
    const parent = await ensureParent(key, thread);
    const ts = await post(key.channelId, m, parent.ts);
    await storage.threads.saveMessageRef(ref, key.channelId, ts);
  }

  async function deliver(item: OutboxItem): Promise<void> {
    const msg: OutboxMessage = item.message;
    const retried = item.attempts > 1;
    switch (msg.kind) {
      case 'card': {
        const thread = await storage.threads.get(msg.thread);
        if (thread?.parentTs) await update(msg.thread.channelId, thread.parentTs, connectionCardMessage(msg.card));
        else await ensureParent(msg.thread, thread, msg.card);
        return;
      }
      case 'reply': {
        const thread = await storage.threads.get(msg.thread);
        const m = renderReply(msg.event, msg.thread, thread?.card.connectionName ?? null);
        await postReplyOnce(msg.thread, thread, msg.ref ?? `outbox:${item.id}`, m, retried);
        return;
      }
      case 'edit': {
        const thread = await storage.threads.get(msg.thread);
        const m = renderEdit(msg.event, msg.thread, thread?.card.connectionName ?? null);
        const target = await storage.threads.getMessageRef(msg.ref);
        if (!target) {
          // The message to edit was never posted (e.g. it was given up on): say it as a reply instead.
          await postReplyOnce(msg.thread, thread, `outbox:${item.id}`, m, retried);
          return;
        }
        try {
          await update(target.channelId, target.ts, m);
        } catch (err) {
          const f = classifySlackError(err);
          if (!GONE.has(f.code)) throw err;
          logger.info({ outboxId: item.id, code: f.code }, 'The message to edit is gone; nothing to edit.');
        }
        return;
      }
      case 'home': {
        // Publishing replaces the whole tab, so a retry or a duplicate is harmless.
        if (!opts.homeView) return;
        const view = await opts.homeView(msg.teamId, msg.userId);
        await client.views.publish({
          user_id: msg.userId,
          view: view as Parameters<typeof client.views.publish>[0]['view'],
        });
        return;
      }
      case 'channel_line': {
        const ref = `outbox:${item.id}`;
        if (retried && (await storage.threads.getMessageRef(ref))) return;
        const ts = await post(msg.channelId, { text: msg.text, blocks: [] });
        await storage.threads.saveMessageRef(ref, msg.channelId, ts);
        return;
      }
    }
  }

  async function handle(item: OutboxItem): Promise<void> {
    try {
      await deliver(item);
    } catch (err) {
      const f = classifySlackError(err);
      const limit = f.transient ? maxAttempts : permanentAttempts;
      const dead = item.attempts >= limit;
      const delay =
        f.retryAfterMs !== undefined ? Math.min(f.retryAfterMs, MAX_RETRY_AFTER_MS) : backoff(item.attempts);
      await storage.outbox.markFailed(item, owner, f.code, new Date(clock.now().getTime() + delay), dead);
      opts.onDelivery?.(dead ? 'dead' : 'retry');
      const fields = { outboxId: item.id, kind: item.message.kind, code: f.code, attempts: item.attempts };
      if (dead) logger.error(fields, 'Slack delivery given up.');
      else logger.warn({ ...fields, retryInMs: delay }, 'Slack delivery failed; will retry.');
      if (f.code === 'internal') logger.debug({ err }, 'Outbox delivery error.');
      return;
    }
    opts.onDelivery?.('sent');
    if (!(await storage.outbox.markSent(item, owner, clock.now()))) {
      logger.warn({ outboxId: item.id }, 'Outbox lease was lost before the item was marked sent.');
    }
  }

  async function round(): Promise<number> {
    const items = await storage.outbox.claim(owner, clock.now(), leaseMs, batchSize);
    // Each claimed item heads a different thread (or channel), so they may go out side by side;
    // within a thread the outbox hands out one item at a time, which keeps the order.
    await Promise.all(items.map(handle));
    return items.length;
  }

  // Rounds in this process never overlap: the loop and an explicit drainOnce() (tests, shutdown) queue
  // behind each other, so "drainOnce returned 0" really means nothing was due.
  let chain: Promise<unknown> = Promise.resolve();
  function drainOnce(): Promise<number> {
    const run = chain.then(round);
    chain = run.catch(() => undefined);
    return run;
  }

  // A thread hands out one item per round (to keep order), so after delivering anything go again at once:
  // its next message is likely due. Only an empty round waits for the interval.
  const loop = createLoop({
    intervalMs,
    logger,
    what: 'Outbox round',
    firstRoundAtStart: true,
    run: async () => (await drainOnce()) > 0,
  });

  return {
    ...loop,
    drainOnce,
  };
}
