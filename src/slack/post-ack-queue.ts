/**
 * Acks first, then the work behind them. A listener's code after `await ack()` (Celigo calls, storage,
 * audit hashing, Slack posts) runs on the same event loop that must read and acknowledge the next requests
 * within Slack's 3 seconds. Every Slack request passes through here (a wrapper around the receiver's event,
 * so no listener has to know): once its ack is sent, the request waits for a turn before it goes on. A turn
 * comes on a later turn of the event loop (setImmediate: what the sockets have delivered meanwhile is read
 * first), and only while fewer than `concurrency` acknowledged requests are working. (Holding all of them
 * back while other requests were still before their ack starved the thread replies under load.) Turns are given
 * in the order the acks were sent. A request's own steps still run in order; nothing is dropped, and a
 * request that is waiting for its turn counts as in flight for shutdown (it is inside `processEvent`).
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
/** How many acknowledged requests may wait for a turn before the next ones stop waiting. */
export const MAX_WAITING = 128;

export function deferPostAckWork(app: App, concurrency = POST_ACK_CONCURRENCY): PostAckQueue {
  const queue: Array<() => void> = [];
  let running = 0;
  let scheduled = false;

  const pump = () => {
    scheduled = false;
    while (queue.length > 0 && running < concurrency) {
      running += 1;
      queue.shift()?.();
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  const turn = () =>
    new Promise<void>((resolve) => {
      // A bounded line: past it, work goes on at once, as it would without the queue, so a backlog under a
      // flood cannot grow without limit (memory) nor wait for ever.
      if (queue.length >= MAX_WAITING) {
        running += 1;
        resolve();
        return;
      }
      queue.push(resolve);
      schedule();
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
