/**
 * The one background loop (poller, housekeeping, outbox worker): rounds run one at a time, the next is
 * scheduled only after the previous ended, so a slow dependency never stacks rounds. A failing round is
 * logged and the loop goes on. Neutral ground: services and adapters both use it.
 */
import type { Logger } from './logger.js';

export interface Loop {
  start(): void;
  /** Stops scheduling and waits for the round in flight. */
  stop(): Promise<void>;
}

export interface WakeableLoop extends Loop {
  /** Run a round now rather than at the next interval (no-op when stopped; after the round in flight). */
  wake(): void;
}

export interface LoopOptions {
  readonly intervalMs: number;
  readonly logger: Logger;
  /** Names the round in the log line when it fails. */
  readonly what: string;
  /** One round. Resolving to `true` means more work is likely due: the next round starts at once. */
  readonly run: () => Promise<unknown>;
  /** Run the first round at start instead of one interval later. */
  readonly firstRoundAtStart?: boolean;
}

export function createLoop(opts: LoopOptions): WakeableLoop {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let inFlight: Promise<void> | null = null;
  /** A wake-up arrived during a round: what it announced may have missed that round. */
  let wokenDuringRound = false;

  const round = async (): Promise<boolean> => {
    try {
      return (await opts.run()) === true;
    } catch (err) {
      opts.logger.error({ err }, `${opts.what} failed; the next round will retry.`);
      return false;
    }
  };

  const schedule = (delayMs: number): void => {
    if (!running) return;
    timer = setTimeout(() => {
      timer = null;
      wokenDuringRound = false;
      inFlight = round().then((more) => {
        inFlight = null;
        schedule(more || wokenDuringRound ? 0 : opts.intervalMs);
      });
    }, delayMs);
    timer.unref?.();
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule(opts.firstRoundAtStart ? 0 : opts.intervalMs);
    },
    wake() {
      if (!running) return;
      if (inFlight) {
        wokenDuringRound = true;
        return;
      }
      // Waiting for the interval: go now.
      if (timer) clearTimeout(timer);
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      if (inFlight) await inFlight;
    },
  };
}
