import { afterEach, describe, expect, it } from 'vitest';
import { activeView, startTestServer, type TestServer, TOKEN } from './http-test-server.js';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

describe('GET /healthz', () => {
  it('answers 200 ok while the process is alive, even with every dependency down', async () => {
    s = await startTestServer();
    s.checks.databaseDown = true;
    s.checks.slackDown = true;
    const res = await s.get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });
});

describe('GET /readyz', () => {
  it('is 200 with every check ok when the database, Slack and Celigo all pass', async () => {
    s = await startTestServer();
    const res = await s.get('/readyz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ database: 'ok', slack: 'ok', celigo: 'ok' });
  });

  it.each([
    ['databaseDown', 'database'],
    ['slackDown', 'slack'],
    ['celigoDown', 'celigo'],
  ] as const)('is 503 naming the failed check when %s', async (knob, name) => {
    s = await startTestServer();
    s.checks[knob] = true;
    const res = await s.get('/readyz');
    const body = await res.text();
    expect(res.status).toBe(503);
    expect(JSON.parse(body)).toEqual({
      database: name === 'database' ? 'failed' : 'ok',
      slack: name === 'slack' ? 'failed' : 'ok',
      celigo: name === 'celigo' ? 'failed' : 'ok',
    });
    // No error text (which can carry URLs) in the answer or the logs.
    expect(body).not.toMatch(/https?:|postgres:|ECONNREFUSED|invalid_auth/);
    expect(s.logs()).toContain(`"check":"${name}"`);
    expect(s.logs()).not.toMatch(/postgres:\/\/db\.internal|api\.integrator\.io|slack\.example\.test/);
  });

  it('checks the database on every probe but the Slack and Celigo tokens at most once a minute', async () => {
    let now = 1_000_000;
    s = await startTestServer({ now: () => now });
    for (let i = 0; i < 3; i++) expect((await s.get('/readyz')).status).toBe(200);
    expect(s.checks.pings).toBe(3);
    expect(s.checks.slackChecks).toBe(1);
    expect(s.checks.celigoChecks).toBe(1);

    now += 61_000;
    await s.get('/readyz');
    expect(s.checks.slackChecks).toBe(2);
    expect(s.checks.celigoChecks).toBe(2);
  });

  it('a check that hangs counts as failed after the timeout', async () => {
    s = await startTestServer({ readinessOptions: { timeoutMs: 50 } });
    s.checks.checkCeligo = () => new Promise(() => {});
    const res = await s.get('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ database: 'ok', slack: 'ok', celigo: 'failed' });
  });
});

describe('GET /metrics', () => {
  it('serves Prometheus text with the app metrics, default Node metrics and scrape-time gauges', async () => {
    s = await startTestServer();
    s.links.views.set(TOKEN, activeView());
    await s.get(`/l/${TOKEN}`);
    const res = await s.get('/metrics');
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(s.metrics.registry.contentType);
    for (const name of [
      'celigo_bot_http_requests_total',
      'celigo_bot_celigo_request_duration_seconds',
      'celigo_bot_outbox_deliveries_total',
      'celigo_bot_process_cpu_user_seconds_total',
      'celigo_bot_nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(name);
    }
    expect(text).toContain('celigo_bot_outbox_pending 2');
    expect(text).toContain('celigo_bot_outbox_dead 1');
    expect(text).toContain('celigo_bot_links_open 0');
    expect(text).toContain('celigo_bot_http_requests_total{route="/l/:token",status="200"} 1');
    expect(text).not.toContain(TOKEN);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client has used its requests on /l/* and /relay/*', async () => {
    s = await startTestServer({ perMinute: 3 });
    s.links.views.set(TOKEN, activeView());
    expect((await s.get(`/l/${TOKEN}`)).status).toBe(200);
    expect((await s.post(`/l/${TOKEN}/continue`)).status).toBe(303);
    expect((await s.get('/relay/5f0c1a2b3c4d5e6f7a8b9c0d')).status).toBe(200);
    const limited = await s.get(`/l/${TOKEN}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited.text()).toContain('<h1>Too many requests</h1>');
    expect(limited.headers.get('x-frame-options')).toBe('DENY');
    expect(s.links.viewCalls).toHaveLength(1);
    // Operations endpoints are not limited.
    expect((await s.get('/healthz')).status).toBe(200);
  });

  it('ignores X-Forwarded-For by default, so a client cannot dodge the limit by forging it', async () => {
    s = await startTestServer({ perMinute: 1 });
    expect((await s.get(`/l/${TOKEN}`, { headers: { 'x-forwarded-for': '10.0.0.1' } })).status).toBe(404);
    expect((await s.get(`/l/${TOKEN}`, { headers: { 'x-forwarded-for': '10.0.0.2' } })).status).toBe(429);
  });
});
