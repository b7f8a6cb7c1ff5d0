/**
 * Acks first, then the work behind them. A listener's code after `await ack()` (Celigo calls, storage,
 * audit hashing, Slack posts) runs on the same event loop that must read and acknowledge the next requests
 * within Slack's 3 seconds. Every Slack request passes through here (a wrapper around the receiver's event,
 * so no listener has to know); when each waiting request gets its turn is src/slack/work-line.ts. Two kinds:
 *
 * - Slash commands whose answer never rides on the ack (`laneOf` says so) are acknowledged at the door,
 *   before Bolt runs anything, and only their payload waits in line (a few KB). Their turn runs the whole of
 *   Bolt (middleware, listener) with an ack that has already been sent. Commands that open a modal are
 *   served first, because their trigger_id lives 3 s. A command finding the line full is acked once the
 *   oldest waiting command starts (or, after MAX_WAIT_MS, runs its listener inline): under a flood the acks
 *   slow to the pace of the work instead of memory growing.
 * - Everything else (buttons, submissions, suggestions, events, commands answered on the ack) runs its
 *   listener up to the ack as it comes; once acked, it waits for a turn holding its Bolt context.
 */
import type { App, ReceiverEvent } from '@slack/bolt';
import type { FetchFunction } from '@slack/web-api';
import { errorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { createWorkLine, type PostAckQueue, type WorkLineOptions } from './work-line.js';

export { POST_ACK_CONCURRENCY, type PostAckQueue } from './work-line.js';

/** How many commands acked at the door may wait (each is its payload, a few KB). */
export const MAX_QUEUED = 1_024;

/** `door`: ack now, run later; `first`: the same, served before the others (it opens a modal); `inline`. */
export type Lane = 'door' | 'first' | 'inline';

export interface PostAckOptions extends WorkLineOptions {
  /** How many commands acked at the door may wait. */
  readonly maxQueued?: number;
  /** Which slash commands may be acked at the door. Without it every request runs its listener to the ack. */
  readonly laneOf?: (command: Readonly<Record<string, unknown>>) => Lane;
  readonly logger?: Logger;
  /** How a late ack reaches the response_url (the Slack clients' fetch); the global fetch without it. */
  readonly fetch?: FetchFunction;
}

export function deferPostAckWork(app: App, opts: PostAckOptions = {}): PostAckQueue {
  const maxQueued = opts.maxQueued ?? MAX_QUEUED;
  const work = createWorkLine(opts);
  const processEvent = app.processEvent.bind(app);
  const log = opts.logger;
  const post = opts.fetch ?? globalThis.fetch;

  /** A command acked at the door: Bolt runs it later with an ack that has already been sent. */
  const runQueued = async (event: Omit<ReceiverEvent, 'ack'>): Promise<void> => {
    try {
      await processEvent({ ...event, ack: lateAck(event.body as Record<string, unknown>, post, log) });
    } catch (err) {
      log?.error({ code: errorCode(err) }, 'A queued Slack command failed outside its listener.');
    } finally {
      work.done();
    }
  };

  /**
   * Puts an acked command in line. A function of its own so that the closure waiting in line holds `kept`
   * alone: made inside processEvent, it would share that function's scope, which holds the whole event and
   * through its ack the request, the response and their buffers (V8 keeps one scope object per function call
   * for all the closures made in it). Held through a burst, those were carried into the old generation.
   */
  const enqueue = (kept: Omit<ReceiverEvent, 'ack'>, lane: 'first' | 'line') =>
    work.enqueue(() => void runQueued(kept), lane);

  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    const lane = laneOfEvent(event, opts.laneOf);
    if (lane !== 'inline' && work.queued >= maxQueued) await work.placeInLine();
    if (lane !== 'inline' && work.queued < maxQueued) {
      // Only the payload waits: the receiver's ack holds the request and response objects, which are done.
      const { ack, ...kept } = event;
      await ack();
      enqueue(kept, lane === 'first' ? 'first' : 'line');
      return;
    }
    let acked = false;
    let myTurn: Promise<void> | undefined;
    const ack: ReceiverEvent['ack'] = async (response) => {
      if (acked) return event.ack(response);
      acked = true;
      await event.ack(response);
      myTurn = work.turn();
      await myTurn;
    };
    try {
      await processEvent({ ...event, ack });
    } finally {
      // A listener that did not await its ack may finish first: the turn is still taken, then given back.
      if (myTurn) await myTurn.then(work.done);
    }
  };

  return work;
}

function laneOfEvent(event: ReceiverEvent, laneOf: PostAckOptions['laneOf']): Lane {
  const body = event.body as Record<string, unknown>;
  // A slash command's payload has `command` and no `type`; every other payload names its type.
  if (!laneOf || typeof body['command'] !== 'string' || body['type'] !== undefined) return 'inline';
  return laneOf(body);
}

/**
 * The ack of a command acked at the door has been sent (empty). Should a listener still ack with a message,
 * the message goes to the command's response_url, where Slack shows it the same way.
 */
function lateAck(
  body: Readonly<Record<string, unknown>>,
  post: FetchFunction,
  log: Logger | undefined,
): ReceiverEvent['ack'] {
  return async (response) => {
    if (response === undefined || response === '') return;
    const url = body['response_url'];
    if (typeof url !== 'string') return;
    try {
      const res = await post(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(typeof response === 'string' ? { text: response } : response),
      });
      await res.arrayBuffer();
    } catch (err) {
      // Never log the response_url: it is a credential for answering this user.
      log?.warn({ code: errorCode(err) }, 'Could not deliver the answer of a command acked at the door.');
    }
  };
}
