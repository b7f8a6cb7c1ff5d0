import type { Logger } from '../../logger.js';
import { createLoop, type Loop } from '../../loop.js';
import type { CompletionService } from './contract.js';

export type Poller = Loop;

/** Runs `completion.pollOnce` every `intervalMs` (POLL_INTERVAL), one round at a time. */
export function createPoller(opts: { completion: CompletionService; intervalMs: number; logger: Logger }): Poller {
  const log = opts.logger.child({ module: 'poller' });
  return createLoop({
    intervalMs: opts.intervalMs,
    logger: log,
    what: 'Poll round',
    run: async () => {
      const report = await opts.completion.pollOnce();
      if (report.completed || report.expired || report.wentOffline)
        log.info({ report }, 'Poll round changed something.');
      else log.debug({ report }, 'Poll round done.');
    },
  });
}
