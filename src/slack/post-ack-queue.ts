/**
 * Acks first, then the work behind them. A listener's code after `await ack()` (Celigo calls, storage,
 * audit hashing, Slack posts) runs on the same event loop that must read and acknowledge the next requests
 * within Slack's 3 seconds. Every Slack request passes through here (a wrapper around the receiver's event,
 * so no listener has to know): once its ack is sent, the request waits for a turn before it goes on. A turn
 * comes on a later turn of the event loop (setImmediate: what the sockets have delivered meanwhile is read
 * first), and only while fewer than `concurrency` acknowledged requests are working. (Holding all of them
 * back while other requests were still before their ack starved the thread replies under load.) Turns are given
 * in the order the acks were sent, and a request that has waited MAX_WAIT_MS goes on regardless. A request's
 * own steps still run in order; nothing is dropped, and a request that is waiting for its turn counts as in
 * flight for shutdown (it is inside `processEvent`).
 */
import type { App, ReceiverEvent } from '@slack/bolt';

export interface PostAckQueue {
  /** Acknowledged requests waiting for their turn. */
  readonly waiting: number;
  /** Acknowledged requests doing their work now. */
  readonly running: number;
}

/** How many acknowledged requests may work at once (their Celigo and Slack calls overlap while waiting). */
export const POST_ACK_CONCURRENCY = 8;
/**
 * How long an acknowledged request may wait for its turn before it goes on anyway: no request waits long
 * enough to lose what is short-lived (a trigger_id opens a modal only within 3 s of the click, so 2 s leave
 * room for views.open).
 */
export const MAX_WAIT_MS = 2_000;
/**
 * How many may wait at once; past it the next ones go on at once. A longer line absorbs longer bursts (acks
 * at concurrency 64 were much faster in the bench with 4,096), but a waiting request keeps its whole Bolt
 * context alive: with 4,096 allowed, 20,000 commands at concurrency 16 grew the resident set by 213 MB
 * (512: 67 MB; 128: 41 MB, flat after the first 6,000). Memory wins until each command costs less CPU.
 */
export const MAX_WAITING = 128;

export interface PostAckOptions {
  readonly concurrency?: number;
  readonly maxWaitMs?: number;
  readonly maxWaiting?: number;
}

export function deferPostAckWork(app: App, opts: PostAckOptions = {}): PostAckQueue {
  const concurrency = opts.concurrency ?? POST_ACK_CONCURRENCY;
  const maxWaitMs = opts.maxWaitMs ?? MAX_WAIT_MS;
  const maxWaiting = opts.maxWaiting ?? MAX_WAITING;
  const queue: Array<{ readonly go: () => void; readonly since: number }> = [];
  let running = 0;
  let scheduled = false;
  let overdueTimer: NodeJS.Timeout | null = null;

  const start = (go: () => void) => {
    running += 1;
    go();
  };
  /** Lets every request that has waited `maxWaitMs` go on, then watches the next one in line. */
  const watchOverdue = () => {
    const head = queue[0];
    if (overdueTimer || !head) return;
    overdueTimer = setTimeout(
      () => {
        overdueTimer = null;
        const now = performance.now();
        while (queue.length > 0 && now - (queue[0]?.since ?? now) >= maxWaitMs) start(queue.shift()!.go);
        watchOverdue();
      },
      Math.max(0, head.since + maxWaitMs - performance.now()),
    );
    overdueTimer.unref?.();
  };
  const pump = () => {
    scheduled = false;
    while (queue.length > 0 && running < concurrency) start(queue.shift()!.go);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  const turn = () =>
    new Promise<void>((resolve) => {
      if (queue.length >= maxWaiting) return start(resolve);
      queue.push({ go: resolve, since: performance.now() });
      schedule();
      watchOverdue();
    });
  const done = () => {
    running -= 1;
    if (queue.length > 0) schedule();
  };

  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    let acked = false;
    let myTurn: Promise<void> | undefined;
    const ack: ReceiverEvent['ack'] = async (response) => {
      if (acked) return event.ack(response);
      acked = true;
      await event.ack(response);
      myTurn = turn();
      await myTurn;
    };
    try {
      await processEvent({ ...event, ack });
    } finally {
      // A listener that did not await its ack may finish first: the turn is still taken, then given back.
      if (myTurn) await myTurn.then(done);
    }
  };

  return {
    get waiting() {
      return queue.length;
    },
    get running() {
      return running;
    },
  };
}
