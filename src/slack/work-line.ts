/**
 * The line of acknowledged Slack requests waiting to do their work, and when each gets its turn (the Bolt side
 * is src/slack/post-ack-queue.ts; docs/slack.md, "Acked at the door"). Two lanes: commands that open a modal
 * (`first`), then everything else in the order it was acked. A turn is given on a later turn of the event
 * loop (setImmediate), only while no Slack request is being read or answered at the door (`arriving`, and
 * `quietMs` since the last arrival) and fewer than `concurrency` are working. One that has waited its limit
 * goes on although requests are arriving: one that may hold a trigger_id (a context, a modal command) after
 * MAX_WAIT_MS even without a free slot, a queued command after QUEUED_MAX_WAIT_MS when a slot is free. A
 * command waiting for a place in a full line (`placeInLine`) lets the work go on without waiting for quiet.
 * Nothing is dropped: `drain` (shutdown) starts everything still waiting and waits for it.
 */

/** How many acknowledged requests may work at once (their Celigo and Slack calls overlap while waiting). */
export const POST_ACK_CONCURRENCY = 8;
/**
 * How long a request holding a trigger_id may wait for its turn before it goes on anyway: no request waits
 * long enough to lose what is short-lived (a trigger_id opens a modal only within 3 s of the click, so 2 s
 * leave room for views.open).
 */
export const MAX_WAIT_MS = 2_000;
/**
 * How many acked requests holding their Bolt context may wait at once; past it the next ones go on at once.
 * A waiting context is large: with 4,096 allowed, 20,000 commands at concurrency 16 grew the resident set by
 * 213 MB (512: 67 MB; 128: 41 MB). Commands acked at the door do not count here.
 */
export const MAX_WAITING = 128;
/**
 * A queued command that waited this long takes the next free slot although requests are arriving. Its ack
 * is out and it holds no trigger_id, so under a flood it may wait longer than an ack could: work started
 * after 2 s competed with the flood's last acks and pushed them past 3 s on a slow machine.
 */
export const QUEUED_MAX_WAIT_MS = 10_000;
/**
 * Work starts only once the door has been quiet this long: under a steady stream of requests the door is
 * empty for a fraction of a millisecond between one ack and the next request, and work started then would sit
 * in front of that next request. 5 ms cost a command that comes alone nothing a user could notice.
 */
export const QUIET_MS = 5;

export interface WorkLineOptions {
  readonly concurrency?: number;
  readonly maxWaitMs?: number;
  readonly maxWaiting?: number;
  readonly queuedMaxWaitMs?: number;
  /** Slack requests being read or answered right now (HTTP mode); work waits while there are any. */
  readonly arriving?: () => number;
  /** When the latest Slack request arrived (performance.now()); work waits until `quietMs` after it. */
  readonly lastArrivalAt?: () => number;
  readonly quietMs?: number;
  /** The clock waits are measured on (performance.now(); tests step it). */
  readonly now?: () => number;
}

export interface PostAckQueue {
  /** Acknowledged requests waiting for their turn. */
  readonly waiting: number;
  /** Acknowledged requests doing their work now. */
  readonly running: number;
  /** The door calls this when no request is arriving any more: the waiting work may go on. */
  wake(): void;
  /** Shutdown: lets the waiting requests go on without waiting for quiet; resolves when all have finished. */
  drain(): Promise<void>;
}

export interface WorkLine extends PostAckQueue {
  /** Commands acked at the door now waiting. */
  readonly queued: number;
  /** Puts a command acked at the door in line; `go` runs it and must call `done()` when it has finished. */
  enqueue(go: () => void, lane: 'first' | 'line'): void;
  /** Resolves when a place in a full line comes free (the oldest queued command starts), or after MAX_WAIT_MS. */
  placeInLine(): Promise<void>;
  /** A turn for a request whose listener has acked; call `done()` when its work has finished. */
  turn(): Promise<void>;
  done(): void;
}

interface Waiting {
  readonly go: () => void;
  readonly since: number;
  /** May hold a trigger_id: goes on after `maxWaitMs` whether or not a slot is free. */
  readonly urgent: boolean;
  readonly queued: boolean;
}

export function createWorkLine(opts: WorkLineOptions = {}): WorkLine {
  const concurrency = opts.concurrency ?? POST_ACK_CONCURRENCY;
  const maxWaitMs = opts.maxWaitMs ?? MAX_WAIT_MS;
  const maxWaiting = opts.maxWaiting ?? MAX_WAITING;
  const queuedMaxWaitMs = opts.queuedMaxWaitMs ?? QUEUED_MAX_WAIT_MS;
  const arriving = opts.arriving ?? (() => 0);
  const lastArrivalAt = opts.lastArrivalAt ?? (() => Number.NEGATIVE_INFINITY);
  const quietMs = opts.quietMs ?? QUIET_MS;
  const clock = opts.now ?? (() => performance.now());
  let quietTimer: NodeJS.Timeout | null = null;
  // Served in this order: commands that open a modal, then everything else as it was acked.
  const first: Waiting[] = [];
  const line: Waiting[] = [];
  let contexts = 0;
  let queued = 0;
  let running = 0;
  let scheduled = false;
  let draining = false;
  let overdueTimer: NodeJS.Timeout | null = null;
  let overdueAt = Number.POSITIVE_INFINITY;
  const idle = new Set<() => void>();

  /** Commands at the door waiting for a place in a full line. */
  const placeWaiters: Array<() => void> = [];
  const start = (w: Waiting) => {
    if (w.queued) {
      queued -= 1;
      placeWaiters.shift()?.();
    } else contexts -= 1;
    running += 1;
    w.go();
  };
  const limitOf = (w: Waiting) => (w.urgent ? maxWaitMs : queuedMaxWaitMs);
  const overdue = (w: Waiting | undefined, now: number) => w !== undefined && now - w.since >= limitOf(w);
  const pump = () => {
    scheduled = false;
    const now = clock();
    const sinceArrival = now - lastArrivalAt();
    const empty = arriving() === 0;
    // Commands held at a full line get their ack only when work starts: then work may not wait for quiet.
    const quiet = draining || placeWaiters.length > 0 || (empty && sinceArrival >= quietMs);
    if (!quiet && empty && !quietTimer && first.length + line.length > 0) {
      quietTimer = setTimeout(() => {
        quietTimer = null;
        schedule();
      }, quietMs - sinceArrival);
    }
    for (const lane of [first, line]) {
      // Past their limit, requests that may hold a trigger_id go on without waiting for a slot (the line
      // is in arrival order, so they are among the oldest).
      for (let i = 0; i < lane.length && now - lane[i]!.since >= maxWaitMs; ) {
        if (lane[i]!.urgent) start(lane.splice(i, 1)[0]!);
        else i += 1;
      }
      while (lane.length > 0 && running < concurrency && (quiet || overdue(lane[0], now))) {
        start(lane.shift()!);
      }
    }
    watchOverdue(now);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };
  /**
   * Wakes the line when its next request reaches its limit (requests may be arriving all the while). One
   * already past its limit but waiting for a slot is woken by the request that gives the slot back.
   * `now` must be the instant pump() judged by: read anew, a request that was not yet overdue there could
   * be overdue here, and then neither would start it nor set a timer for it.
   */
  const watchOverdue = (now: number) => {
    let due = Number.POSITIVE_INFINITY;
    for (const lane of [first, line]) {
      const head = lane[0];
      if (head && head.since + limitOf(head) > now) due = Math.min(due, head.since + limitOf(head));
      const urgent = lane.find((w) => w.urgent && w.since + maxWaitMs > now);
      if (urgent) due = Math.min(due, urgent.since + maxWaitMs);
    }
    // A timer already set for this moment or earlier will do.
    if (due === Number.POSITIVE_INFINITY || (overdueTimer && overdueAt <= due)) return;
    if (overdueTimer) clearTimeout(overdueTimer);
    overdueAt = due;
    overdueTimer = setTimeout(
      () => {
        overdueTimer = null;
        schedule();
      },
      due - now + 1,
    );
    overdueTimer.unref?.();
  };
  const enqueue = (w: Waiting, lane: Waiting[]) => {
    if (w.queued) queued += 1;
    else contexts += 1;
    lane.push(w);
    schedule();
  };
  const done = () => {
    running -= 1;
    if (first.length + line.length > 0) schedule();
    else if (running === 0) for (const resolve of idle) resolve();
  };

  /** A turn for a request whose listener has acked: it goes on holding its context. */
  const turn = () =>
    new Promise<void>((resolve) => {
      if (contexts >= maxWaiting) {
        running += 1;
        return resolve();
      }
      enqueue({ go: resolve, since: clock(), urgent: true, queued: false }, line);
    });

  const placeInLine = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        const i = placeWaiters.indexOf(onPlace);
        if (i >= 0) placeWaiters.splice(i, 1);
        resolve();
      }, maxWaitMs);
      const onPlace = () => {
        clearTimeout(timer);
        resolve();
      };
      placeWaiters.push(onPlace);
      schedule();
    });

  return {
    get queued() {
      return queued;
    },
    enqueue(go, lane) {
      enqueue({ go, since: clock(), urgent: lane === 'first', queued: true }, lane === 'first' ? first : line);
    },
    placeInLine,
    turn,
    done,
    get waiting() {
      return first.length + line.length;
    },
    get running() {
      return running;
    },
    wake: () => {
      if (first.length + line.length > 0) schedule();
    },
    drain: () => {
      draining = true;
      if (first.length + line.length === 0 && running === 0) return Promise.resolve();
      schedule();
      return new Promise<void>((resolve) => {
        const onIdle = () => {
          idle.delete(onIdle);
          resolve();
        };
        idle.add(onIdle);
      });
    },
  };
}
