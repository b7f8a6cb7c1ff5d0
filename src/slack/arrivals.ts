/**
 * Counts the Slack requests being read or answered at POST /slack/events, so the work behind earlier acks
 * can wait for them (src/slack/work-line.ts). Slack's requests are a few KB, read in a moment: one still
 * arriving after STALE_ARRIVAL_MS is a slow or hostile sender and stops counting, so it cannot hold the
 * work back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const STALE_ARRIVAL_MS = 1_000;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface Arrivals {
  /** Requests arriving now. */
  readonly arriving: number;
  /** performance.now() of the latest arrival. */
  readonly lastArrivalAt: number;
  /** `listener`, counting what passes through it. */
  wrap(listener: Listener): Listener;
}

/** `onQuiet` is called whenever the count drops to zero. */
export function countArrivals(onQuiet: () => void): Arrivals {
  let arriving = 0;
  let lastArrivalAt = Number.NEGATIVE_INFINITY;
  return {
    get arriving() {
      return arriving;
    },
    get lastArrivalAt() {
      return lastArrivalAt;
    },
    wrap: (listener) => (req, res) => {
      arriving += 1;
      lastArrivalAt = performance.now();
      let counted = true;
      const leave = () => {
        if (!counted) return;
        counted = false;
        clearTimeout(stale);
        arriving -= 1;
        if (arriving === 0) onQuiet();
      };
      const stale = setTimeout(leave, STALE_ARRIVAL_MS);
      stale.unref?.();
      res.once('close', leave);
      listener(req, res);
    },
  };
}
