import type { Logger } from '../logger.js';

export interface Loop {
  start(): void;
  /** Stops scheduling and waits for the round in flight. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs`, one round at a time: the next round is scheduled only after the previous
 * one ended, so a slow dependency never stacks rounds. A failing round is logged and the loop goes on.
 */
export function createLoop(opts: { intervalMs: number; logger: Logger; what: string; run: () => Promise<void> }): Loop {
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let inFlight: Promise<void> | null = null;

  const round = async (): Promise<void> => {
    try {
      await opts.run();
    } catch (err) {
      opts.logger.error({ err }, `${opts.what} failed; the next round will retry.`);
    }
  };

  const schedule = (): void => {
    if (!running) return;
    timer = setTimeout(() => {
      timer = null;
      inFlight = round().finally(() => {
        inFlight = null;
        schedule();
      });
    }, opts.intervalMs);
    timer.unref?.();
  };

  return {
    start() {
      if (running) return;
      running = true;
      schedule();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      if (inFlight) await inFlight;
    },
  };
}
