import type { Logger } from '../logger.js';
import type { CompletionService } from './contracts.js';

export interface Poller {
  start(): void;
  /** Stops scheduling and waits for the round in flight. */
  stop(): Promise<void>;
}

/**
 * Runs `completion.pollOnce` every `intervalMs`, one round at a time: the next round is scheduled only
 * after the previous one ended, so a slow Celigo never stacks rounds. A failing round is logged and the
 * loop goes on.
 */
export function createPoller(opts: { completion: CompletionService; intervalMs: number; logger: Logger }): Poller {
  const log = opts.logger.child({ module: 'poller' });
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let inFlight: Promise<void> | null = null;

  const round = async (): Promise<void> => {
    try {
      const report = await opts.completion.pollOnce();
      if (report.completed || report.expired || report.wentOffline)
        log.info({ report }, 'Poll round changed something.');
      else log.debug({ report }, 'Poll round done.');
    } catch (err) {
      log.error({ err }, 'Poll round failed; the next round will retry.');
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
