/**
 * Work after the ack waits its turn: every command is acknowledged while earlier commands' Celigo calls are
 * still unanswered, at most a few acknowledged commands work at once, every one still gets its own answer,
 * and stopping the app (the SIGTERM path) finishes acknowledged work instead of dropping it.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { POST_ACK_CONCURRENCY } from '../../../src/slack/post-ack-queue.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.stop();
});

const GET_ONE = /^\/v1\/connections\/[0-9a-f]{24}$/;
const gets = () => t.celigo.apiRequests().filter((r) => r.method === 'GET' && GET_ONE.test(r.path)).length;
const replies = () => t.slack.calls.filter((c) => c.method.startsWith('/response/'));

/** Celigo holds every single-connection GET until `release()`. */
function holdCeligo(times: number): () => void {
  let release = () => {};
  const until = new Promise<void>((resolve) => {
    release = resolve;
  });
  t.celigo.failNext({ method: 'GET', path: GET_ONE }, { until }, times);
  return release;
}

/** `count` status commands at once, each for its own connection; resolves with the acks' HTTP statuses. */
async function statusCommands(count: number) {
  const conns = Array.from({ length: count }, (_, i) => t.celigo.addConnection({ name: `Queue ${i}` }));
  const acks = await Promise.all(conns.map((c, i) => t.command(`status ${c._id}`, { triggerId: `trig-q-${i}` })));
  return { conns, statuses: acks.map((r) => r.status) };
}

it('acks every command while earlier work waits on Celigo, runs a bounded number at once, and answers each', async () => {
  const count = POST_ACK_CONCURRENCY * 2 + 4;
  const release = holdCeligo(count);
  const { conns, statuses } = await statusCommands(count);

  // Every ack went out although no Celigo call has been answered yet.
  expect(statuses).toEqual(Array(count).fill(200));
  await waitFor(() => gets() === POST_ACK_CONCURRENCY);
  expect(replies()).toHaveLength(0);
  // The rest wait for a turn: no more Celigo calls while the first ones are held.
  await new Promise((r) => setImmediate(r));
  expect(gets()).toBe(POST_ACK_CONCURRENCY);

  // Background rounds see the app busy while acknowledged work waits or runs, and idle once it is done.
  expect(t.app.slack.busy()).toBe(true);

  release();
  await waitFor(() => replies().length === count);
  await waitFor(() => !t.app.slack.busy());
  expect(gets()).toBe(count);
  // One answer per command, at its own response_url, about its own connection.
  expect(new Set(replies().map((c) => c.method)).size).toBe(count);
  const texts = replies().map((c) => JSON.stringify(c.params));
  for (const c of conns)
    expect(texts.filter((x) => x.includes(`${c.name}"`) || x.includes(`${c.name}*`))).toHaveLength(1);
});

it('stopping the app finishes acknowledged work, including work still waiting for its turn', async () => {
  const count = POST_ACK_CONCURRENCY + 4;
  const release = holdCeligo(count);
  const { statuses } = await statusCommands(count);
  expect(statuses).toEqual(Array(count).fill(200));
  await waitFor(() => gets() === POST_ACK_CONCURRENCY);

  let stopped = false;
  const stopping = t.app.stop().then(() => {
    stopped = true;
  });
  await new Promise((r) => setImmediate(r));
  expect(stopped).toBe(false);
  release();
  await stopping;
  expect(replies()).toHaveLength(count);
  expect(gets()).toBe(count);
});
