import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CeligoConnectionError,
  CeligoRateLimitError,
  CeligoServerError,
  CeligoTimeoutError,
} from '../../../../src/adapters/celigo/celigo-errors.js';
import { createCeligoGateway } from '../../../../src/adapters/celigo/index.js';
import { type Harness, memoryLogger, OAUTH_WITH_ICLIENT, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const RATE_LIMITED = { errors: [{ code: 'rate_limited', message: 'Too many requests. Retry after 1 seconds.' }] };

describe('retries', () => {
  it('a 429 with Retry-After is retried after the advertised wait, then succeeds', async () => {
    h = await startHarness({}, { maxRetryDelayMs: 8000 });
    h.fake.failNext({ path: /tokenInfo/ }, { status: 429, headers: { 'retry-after': '1' }, body: RATE_LIMITED });

    const started = Date.now();
    expect(await h.gateway.tokenInfo()).toEqual({ userId: 'u-fake' });

    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(h.fake.apiRequests()).toHaveLength(2);
    expect(h.calls).toEqual([{ method: 'GET', route: '/v1/tokenInfo', status: 200, durationMs: expect.any(Number) }]);
  });

  it('a 429 that outlasts the retries surfaces CeligoRateLimitError with Celigo’s code', async () => {
    h = await startHarness({}, { maxRetries: 2, maxRetryDelayMs: 20 });
    h.fake.failNext({ path: /tokenInfo/ }, { status: 429, headers: { 'retry-after': '1' }, body: RATE_LIMITED }, 5);

    const err = await h.gateway.tokenInfo().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CeligoRateLimitError);
    expect(err).toMatchObject({ kind: 'rate_limited', status: 429, codes: ['rate_limited'], route: '/v1/tokenInfo' });
    expect(h.fake.apiRequests()).toHaveLength(3); // first try + maxRetries
  });

  it('a 5xx on a GET is retried, then succeeds', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Shop' });
    h.fake.failNext({ method: 'GET' }, { status: 500, body: '<html>oops</html>' });
    h.fake.failNext({ method: 'GET' }, { status: 503 });

    expect((await h.gateway.getConnection(d._id)).name).toBe('Shop');
    expect(h.fake.apiRequests().map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  });

  it('a GET that keeps failing with 5xx is CeligoServerError, tolerating a non-JSON body', async () => {
    h = await startHarness({}, { maxRetries: 1 });
    h.fake.failNext({ method: 'GET' }, { status: 502, body: '<html>Bad gateway</html>' }, 2);

    const err = await h.gateway.listConnections().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CeligoServerError);
    expect(err).toMatchObject({ status: 502, codes: [] });
    expect(h.fake.apiRequests()).toHaveLength(2);
  });

  it('a 5xx on PATCH and on PUT is not retried', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Shop', ...OAUTH_WITH_ICLIENT });
    h.fake.failNext({ method: 'PUT' }, { status: 500 });

    await expect(h.gateway.setRedirectUrl(d._id, 'https://partner.example/x')).rejects.toBeInstanceOf(
      CeligoServerError,
    );
    const writes = h.fake.apiRequests().filter((r) => r.method !== 'GET');
    expect(writes.map((r) => r.method)).toEqual(['PATCH', 'PUT']);
  });
});

describe('transport failures', () => {
  it('an answer slower than timeoutMs is CeligoTimeoutError', async () => {
    // undici checks headersTimeout on a coarse (~1 s) timer, so the fake must be slower than that.
    h = await startHarness({}, { timeoutMs: 100, maxRetries: 0 });
    h.fake.failNext({ path: /tokenInfo/ }, { delayMs: 2500 });

    const err = await h.gateway.tokenInfo().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CeligoTimeoutError);
    expect(err).toMatchObject({ kind: 'timeout', method: 'GET', route: '/v1/tokenInfo' });
    expect(h.calls.at(-1)).toMatchObject({ status: 'error' });
  });

  it('a refused connection is CeligoConnectionError after the GET retries', async () => {
    // Grab a free port, then close it so nothing listens there.
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    const logs = memoryLogger();
    const gateway = createCeligoGateway({
      baseUrl: `http://127.0.0.1:${port}`,
      apiToken: 'tok',
      timeoutMs: 500,
      maxRetries: 1,
      minRetryDelayMs: 5,
      logger: logs.logger,
    });
    try {
      const err = await gateway.tokenInfo().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CeligoConnectionError);
      expect(err).toMatchObject({ kind: 'connection', route: '/v1/tokenInfo', status: undefined });
    } finally {
      await gateway.close();
    }
  });
});

describe('logging', () => {
  it('a whole session logs method, route, status and time, but never the token or an authorization URL', async () => {
    h = await startHarness({ pageSize: 1 });
    const a = h.fake.addConnection({ name: 'Alpha', ...OAUTH_WITH_ICLIENT });
    h.fake.addConnection({ name: 'Beta' });

    await h.gateway.tokenInfo();
    await h.gateway.listConnections();
    await h.gateway.getConnection(a._id);
    const authUrl = await h.gateway.getAuthorizationUrl(a._id);
    await h.gateway.setRedirectUrl(a._id, 'https://partner.example/landing?ref=secret-ish');
    h.fake.authorize(a._id);
    await h.gateway.ping(a._id);
    h.fake.failNext({ path: /oauth2$/ }, { status: 200, body: { weird: authUrl } });
    await h.gateway.getAuthorizationUrl(a._id).catch(() => undefined);
    await h.gateway.getConnection('0123456789abcdef01234567').catch(() => undefined);

    const text = h.logs.text();
    expect(text).not.toContain(h.fake.token);
    expect(text).not.toContain(authUrl);
    expect(text).not.toContain('/provider/authorize');
    expect(text).not.toContain('state=');
    expect(text).not.toContain('partner.example');
    expect(text).not.toContain(h.fake.baseUrl);
    const lines = h.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(10);
    expect(lines[0]).toMatchObject({ module: 'celigo', method: 'GET', route: '/v1/tokenInfo', status: 200 });
    expect(lines.every((l) => typeof l['ms'] === 'number')).toBe(true);
    expect(new Set(lines.map((l) => l['route']))).toEqual(
      new Set([
        '/v1/tokenInfo',
        '/v1/connections',
        '/v1/connections/:id',
        '/v1/connection/:id/oauth2',
        '/v1/connections/:id/ping',
      ]),
    );
  });
});
