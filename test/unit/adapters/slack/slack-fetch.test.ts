/**
 * The Slack clients' fetch (undici's request on one agent) behind the real WebClient and Bolt's respond(),
 * against the loopback fake Slack: answers, rate limits, errors, timeouts and connection reuse.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRespond } from '@slack/bolt/dist/context/create-respond.js';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSlackFetch } from '../../../../src/adapters/slack/slack-fetch.js';
import { type FakeSlack, startFakeSlack } from '../../../support/fake-slack.js';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => {
  await slack.close();
});

const client = (opts: { retries?: number; timeout?: number } = {}) =>
  new WebClient('xoxb-test', {
    slackApiUrl: slack.apiUrl,
    fetch: createSlackFetch(),
    retryConfig: { retries: opts.retries ?? 0, minTimeout: 1, maxTimeout: 5 },
    ...(opts.timeout ? { timeout: opts.timeout } : {}),
  });

describe('slack fetch behind the Web API client', () => {
  test('posts the form and hands back the parsed answer', async () => {
    const r = await client().chat.postMessage({ channel: 'C1', text: 'hello & <world>', blocks: [] });
    expect(r.ok).toBe(true);
    expect(r.ts).toEqual(expect.any(String));
    const call = slack.callsOf('chat.postMessage').at(-1);
    expect(call?.params).toMatchObject({ channel: 'C1', text: 'hello & <world>' });
    expect(call?.auth).toBe('Bearer xoxb-test');
  });

  test('a Slack error answer becomes the client’s platform error', async () => {
    slack.failNext('chat.update', 1, { body: { ok: false, error: 'message_not_found' } });
    await expect(client().chat.update({ channel: 'C1', ts: '1.1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { error: 'message_not_found' },
    });
  });

  test('429 with Retry-After is honoured and retried; the unread 429 body does not hold the connection', async () => {
    slack.failNext('chat.postMessage', 2, {
      status: 429,
      headers: { 'retry-after': '0' },
      body: { ok: false, error: 'ratelimited' },
    });
    const before = slack.callsOf('chat.postMessage').length;
    const r = await client({ retries: 3 }).chat.postMessage({ channel: 'C1', text: 'after the limit' });
    expect(r.ok).toBe(true);
    expect(slack.callsOf('chat.postMessage').length - before).toBe(3);
  });

  test('with rejectRateLimitedCalls a 429 is the rate-limit error carrying Retry-After', async () => {
    slack.failNext('chat.postMessage', 1, {
      status: 429,
      headers: { 'retry-after': '7' },
      body: { ok: false, error: 'ratelimited' },
    });
    const limited = new WebClient('xoxb-test', {
      slackApiUrl: slack.apiUrl,
      fetch: createSlackFetch(),
      rejectRateLimitedCalls: true,
    });
    await expect(limited.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
  });

  test('a 5xx is an HTTP error with its status and headers', async () => {
    slack.failNext('chat.postMessage', 1, { status: 503, headers: { 'x-slack-req-id': 'r1' }, body: { ok: false } });
    await expect(client().chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.HTTPError,
      statusCode: 503,
      headers: expect.objectContaining({ 'x-slack-req-id': 'r1' }),
    });
  });
});

describe('slack fetch on its own', () => {
  let silent: http.Server;
  let silentUrl: string;
  beforeAll(async () => {
    silent = http.createServer((req) => {
      req.resume(); // never answers
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hang`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  });

  test('respond() posts JSON to the response_url and sees a failure status', async () => {
    const respond = createRespond(createSlackFetch(), `${slack.baseUrl}/response/t1`);
    const res = await respond({ response_type: 'ephemeral', text: 'done' });
    expect(res.ok).toBe(true);
    expect(slack.calls.find((c) => c.params['text'] === 'done')).toBeDefined();
  });

  test('an answer that never comes is cut off by the timeout', async () => {
    const fetch = createSlackFetch({ timeoutMs: 200 });
    await expect(fetch(silentUrl, { method: 'POST', body: 'x' })).rejects.toThrow();
  });

  test('an abort signal stops the call', async () => {
    const fetch = createSlackFetch();
    await expect(fetch(silentUrl, { method: 'POST', body: 'x', signal: AbortSignal.timeout(100) })).rejects.toThrow();
  });

  test('calls reuse one keep-alive connection', async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    let connections = 0;
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/x`;
    try {
      const fetch = createSlackFetch();
      for (let i = 0; i < 20; i++) {
        const res = await fetch(url, { method: 'POST', body: 'a=1' });
        expect(await res.json()).toEqual({ ok: true });
        expect(res.headers.get('Content-Type')).toBe('application/json');
      }
      // undici may open a second one while the first is being handed back; never one per call.
      expect(connections).toBeLessThanOrEqual(2);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
