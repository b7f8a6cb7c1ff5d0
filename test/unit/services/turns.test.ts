/** Background rounds take turns with Slack work: a turn per slice, and they step aside while people wait. */
import { expect, it } from 'vitest';
import { takingTurns } from '../../../src/services/common/turns.js';

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

/** A `busy` that always answers `answer` and counts how often it was asked. */
function asking(answer: boolean) {
  const asked = { times: 0 };
  return {
    asked,
    busy: () => {
      asked.times += 1;
      return answer;
    },
  };
}

it('without Slack work a slice ends with one turn of the event loop', async () => {
  const { asked, busy } = asking(false);
  const pause = takingTurns({ budgetMs: 0, busy });
  let turned = false;
  setImmediate(() => {
    turned = true;
  });
  await pause();
  expect(turned).toBe(true);
  expect(asked.times).toBe(1);
});

it('steps aside while Slack work is waiting and goes on once it is done', async () => {
  let busy = true;
  const log: string[] = [];
  const pause = takingTurns({ budgetMs: 0, busy: () => busy, stepAsideMaxMs: 60_000 });
  const paused = pause().then(() => log.push('round goes on'));
  for (let i = 0; i < 20; i++) await tick();
  log.push('slack work done');
  busy = false;
  await paused;
  expect(log).toEqual(['slack work done', 'round goes on']);
});

it('under endless Slack work still takes its next slice after the longest step aside', async () => {
  const pause = takingTurns({ budgetMs: 0, busy: () => true, stepAsideMaxMs: 10 });
  const stuck = new Promise<string>((r) => setTimeout(() => r('still waiting'), 2_000));
  expect(await Promise.race([pause().then(() => 'went on'), stuck])).toBe('went on');
});

it('does not pause inside a slice', async () => {
  const { asked, busy } = asking(true);
  const pause = takingTurns({ budgetMs: 60_000, busy });
  for (let i = 0; i < 100; i++) await pause();
  expect(asked.times).toBe(0);
});
