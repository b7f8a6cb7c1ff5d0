/**
 * Celigo calls per polling round do not grow with the number of watched connections: one paged listing
 * serves completion, offline watches and reminders. Counted on the fake integrator.io over real HTTP.
 */
import { afterEach, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const ACCOUNT_SIZE = 2_000;
const PAGE = 1_000;

/** An account of 2,000 connections, `watched` of them watched, one pending link: Celigo calls in one round. */
async function callsPerRound(watched: number): Promise<{ calls: number; paths: Set<string>; reported: number }> {
  const t: TestApp = await startTestApp({ celigo: { pageSize: PAGE } });
  cleanups.push(() => t.stop());
  const docs = Array.from({ length: ACCOUNT_SIZE }, (_, i) =>
    t.celigo.addConnection({ name: `Conn ${i}`, offline: i % 3 === 0 }),
  );
  const first = docs[0]!;
  await t.command(`link ${first._id} Acme`);
  await waitFor(() => t.slack.callsOf('chat.postMessage').length > 1);
  for (const d of docs.slice(1, watched)) {
    await t.app.storage.watches.upsert({
      connectionId: d._id,
      teamId: 'T1',
      connectionName: d.name,
      lastOffline: null,
      lastModified: null,
      lastRequester: 'U1',
      checkedAt: null,
    });
  }
  expect((await t.app.storage.watches.list()).length).toBe(watched);
  // The first round sets every watch's baseline; the second is the steady state that is measured.
  await t.app.services.completion.pollOnce();
  const before = t.celigo.apiRequests().length;
  const report = await t.app.services.completion.pollOnce();
  const made = t.celigo.apiRequests().slice(before);
  return { calls: made.length, paths: new Set(made.map((r) => `${r.method} ${r.path}`)), reported: report.celigoCalls };
}

test('Celigo calls per poll round stay constant from 10 to 2,000 watched connections', async () => {
  const small = await callsPerRound(10);
  const large = await callsPerRound(2_000);
  // One listing of 2,000 connections in pages of 1,000, whatever the number watched.
  expect(small.calls).toBe(ACCOUNT_SIZE / PAGE);
  expect(large.calls).toBe(small.calls);
  expect(large.paths).toEqual(new Set(['GET /v1/connections']));
  expect(large.reported).toBe(1);
}, 120_000);
