import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import type { CompletionService, PollReport } from '../../../src/services/index.js';
import { createPoller } from '../../../src/services/index.js';

const REPORT: PollReport = { checkedLinks: 0, completed: 0, expired: 0, wentOffline: 0, celigoCalls: 0 };

function capture() {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _e, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  return { logger, text: () => lines.join('') };
}

/** A CompletionService whose rounds take `roundMs` and fail when told to. */
function fakeCompletion(roundMs: number) {
  const state = { rounds: 0, concurrent: 0, maxConcurrent: 0, failNext: 0 };
  const completion: CompletionService = {
    relayArrived: async () => ({ forwardTo: null, status: 'pending' }),
    pollOnce: async () => {
      state.rounds += 1;
      state.concurrent += 1;
      state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
      await new Promise((r) => setTimeout(r, roundMs));
      state.concurrent -= 1;
      if (state.failNext > 0) {
        state.failNext -= 1;
        throw new Error('database is locked');
      }
      return REPORT;
    },
  };
  return { completion, state };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('poller', () => {
  it('runs rounds one at a time, even when a round is slower than the interval', async () => {
    const { completion, state } = fakeCompletion(30);
    const { logger } = capture();
    const poller = createPoller({ completion, intervalMs: 5, logger });
    poller.start();
    await sleep(150);
    await poller.stop();
    expect(state.rounds).toBeGreaterThanOrEqual(2);
    expect(state.maxConcurrent).toBe(1);
  });

  it('a failing round is logged and the loop goes on', async () => {
    const { completion, state } = fakeCompletion(1);
    state.failNext = 2;
    const log = capture();
    const poller = createPoller({ completion, intervalMs: 5, logger: log.logger });
    poller.start();
    await sleep(100);
    await poller.stop();
    expect(state.rounds).toBeGreaterThan(2);
    expect(log.text()).toContain('Poll round failed');
  });

  it('stop waits for the round in flight and no round starts afterwards', async () => {
    const { completion, state } = fakeCompletion(60);
    const { logger } = capture();
    const poller = createPoller({ completion, intervalMs: 1, logger });
    poller.start();
    await sleep(20);
    expect(state.concurrent).toBe(1);
    await poller.stop();
    expect(state.concurrent).toBe(0);
    const rounds = state.rounds;
    await sleep(30);
    expect(state.rounds).toBe(rounds);
  });
});
