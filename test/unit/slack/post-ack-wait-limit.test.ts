/**
 * The post-ack line absorbs bursts but never holds a request past its wait limit (a trigger_id lives 3 s),
 * and past its length bound the next requests go on at once. Bolt's App is stood in for by the one method
 * the wrapper touches, processEvent; the listener acks first, as ours do.
 */
import type { App, ReceiverEvent } from '@slack/bolt';
import { expect, it } from 'vitest';
import { deferPostAckWork } from '../../../src/slack/post-ack-queue.js';

function harness(opts: Parameters<typeof deferPostAckWork>[1]) {
  const started: number[] = [];
  let release = () => {};
  const held = new Promise<void>((r) => {
    release = r;
  });
  const app = {
    async processEvent(event: ReceiverEvent) {
      await event.ack();
      const n = (event.body as { n: number }).n;
      started.push(n);
      if (n === 0) await held; // the first request keeps its slot until released
    },
  } as unknown as App;
  const queue = deferPostAckWork(app, opts);
  const send = (n: number) => app.processEvent({ body: { n }, ack: async () => undefined } as unknown as ReceiverEvent);
  return { started, release, queue, send };
}

const until = async (check: () => boolean, ms = 3_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

it('a request that waited longer than the limit goes on although no slot is free', async () => {
  const h = harness({ concurrency: 1, maxWaitMs: 150 });
  const all = [h.send(0), h.send(1), h.send(2)];
  await until(() => h.started.length === 1);
  await new Promise((r) => setImmediate(r));
  expect(h.started).toEqual([0]);
  expect(h.queue.waiting).toBe(2);
  await until(() => h.started.length === 3);
  expect(h.started).toEqual([0, 1, 2]);
  h.release();
  await Promise.all(all);
  expect(h.queue.running).toBe(0);
});

it('within the limit, requests wait for a free slot in the order they were acknowledged', async () => {
  const h = harness({ concurrency: 1, maxWaitMs: 60_000 });
  const all = [h.send(0), h.send(1), h.send(2)];
  await until(() => h.started.length === 1);
  await new Promise((r) => setTimeout(r, 200));
  expect(h.started).toEqual([0]);
  h.release();
  await Promise.all(all);
  expect(h.started).toEqual([0, 1, 2]);
});

it('past the length bound the next request goes on at once', async () => {
  const h = harness({ concurrency: 1, maxWaitMs: 60_000, maxWaiting: 1 });
  const first = h.send(0);
  await until(() => h.started.length === 1);
  const rest = [h.send(1), h.send(2)];
  await until(() => h.started.length === 2);
  // 1 took the one waiting place; 2 found the line full and went on.
  expect(h.started).toEqual([0, 2]);
  expect(h.queue.waiting).toBe(1);
  h.release();
  await Promise.all([first, ...rest]);
  expect(h.started).toEqual([0, 2, 1]);
});
