import { afterEach, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

test('the composed app serves health, readiness and metrics, and answers a signed slash command', async () => {
  t = await startTestApp();
  expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  const ready = await fetch(`${t.baseUrl}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ database: 'ok', slack: 'ok', celigo: 'ok' });
  expect(await (await fetch(`${t.baseUrl}/metrics`)).text()).toContain('# TYPE');

  const res = await t.command('help');
  expect(res.status).toBe(200);
  const app = t;
  const reply = await waitFor(() =>
    app.slack.calls.find((c) => c.method === 'chat.postEphemeral' || c.method.startsWith('/response/')),
  );
  expect(JSON.stringify(reply.params)).toContain('link');
});

test('outbox deliveries are counted in /metrics', async () => {
  t = await startTestApp();
  const doc = t.celigo.addConnection({ name: 'Metrics Co' });
  await t.command(`link ${doc._id} Customer`);
  const app = t;
  await waitFor(() => app.slack.callsOf('chat.postMessage').length >= 2);
  const text = await waitFor(async () => {
    const body = await (await fetch(`${app.baseUrl}/metrics`)).text();
    return /celigo_bot_outbox_deliveries_total\{result="sent"\} [1-9]/.test(body) ? body : undefined;
  });
  expect(text).toMatch(/celigo_bot_celigo_request_duration_seconds_count\{account="default",method="GET"/);
  expect(text).toMatch(/celigo_bot_links_open 1/);
});

test('with AUDIT_CHANNEL_ID every audit entry is mirrored as one short line, without URLs', async () => {
  t = await startTestApp({ env: { AUDIT_CHANNEL_ID: 'C0AUDIT' } });
  const doc = t.celigo.addConnection({ name: 'Audit Mirror Co' });
  await t.command(`link ${doc._id} Mirror Customer`);
  const app = t;
  const lines = await waitFor(() => {
    const l = app.slack.callsOf('chat.postMessage').filter((c) => c.params['channel'] === 'C0AUDIT');
    return l.length ? l : undefined;
  });
  const text = String(lines[0]?.params['text']);
  expect(text).toContain('link.generate');
  expect(text).toContain(doc._id);
  expect(text).not.toMatch(/https?:\/\//);
  expect(lines[0]?.params['thread_ts']).toBeUndefined();
});

test('stopping (SIGTERM) lets a command already acknowledged finish its work', async () => {
  t = await startTestApp();
  const app = t;
  const doc = app.celigo.addConnection({ name: 'Slow Celigo Co' });
  // Celigo answers slowly: the command is acked at once and its work is still running when stop() begins.
  app.celigo.failNext({ method: 'GET', path: /\/oauth2$/ }, { delayMs: 400 });
  const res = await app.command(`link ${doc._id} Late Customer`);
  expect(res.status).toBe(200);
  await app.app.stop();
  const links = app.celigo.apiRequests().filter((r) => r.path.endsWith('/oauth2'));
  expect(links).toHaveLength(1);
  expect(app.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  const answered = app.slack.calls.filter((c) => c.method.startsWith('/response/'));
  expect(JSON.stringify(answered)).toContain('Late Customer');
});

test('a burst of messages in one thread goes out back to back, not one per polling interval', async () => {
  t = await startTestApp({ publicUrl: true, overrides: { outbox: { intervalMs: 500, minRetryDelayMs: 10 } } });
  const app = t;
  const doc = app.celigo.addConnection({ name: 'Burst Co' });
  const started = Date.now();
  await app.command(`link ${doc._id} Burst Customer`);
  // Card, "relay turned on", card edit, link reply: four items in one thread, delivered in order.
  await waitFor(
    () => app.slack.callsOf('chat.postMessage').some((c) => /link created/.test(String(c.params['text']))),
    5000,
  );
  expect(Date.now() - started).toBeLessThan(1500);
});
