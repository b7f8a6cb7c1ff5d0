import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  activeView,
  CELIGO_URL,
  expectSecurityHeaders,
  startTestServer,
  type TestServer,
  TOKEN,
} from './http-test-server.js';

let s: TestServer;
beforeEach(async () => {
  s = await startTestServer();
});
afterEach(async () => {
  await s.stop();
});

describe('GET /l/:token (hosted link page)', () => {
  it('shows an active link as a 200 HTML page with no redirect, and does not call continue', async () => {
    s.links.views.set(TOKEN, activeView());
    const res = await s.get(`/l/${TOKEN}`);
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('location')).toBeNull();
    expect(expectSecurityHeaders(res)).toEqual([]);
    expect(s.links.viewCalls).toEqual([TOKEN]);
    expect(s.links.continueCalls).toEqual([]);

    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<title>Authorize Salesforce \(Acme prod\)<\/title>/);
    expect(html).toMatch(/<h1>Authorize Salesforce \(Acme prod\)<\/h1>/);
    expect(html).toContain('Acme Corp');
    expect(html).toContain('Northwind Partners');
    expect(html).toContain('<time datetime="2030-05-14T09:30:00.000Z">Tuesday 14 May 2030 at 09:30 UTC</time>');
    expect(html).toContain(`<form method="post" action="/l/${TOKEN}/continue"><button type="submit">Continue</button>`);
  });

  it('opening the page many times (as unfurlers and scanners do) never consumes the link', async () => {
    s.links.views.set(TOKEN, activeView());
    for (let i = 0; i < 3; i++) expect((await s.get(`/l/${TOKEN}`)).status).toBe(200);
    const head = await s.get(`/l/${TOKEN}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('location')).toBeNull();
    expect(s.links.continueCalls).toEqual([]);
  });

  it('leaves out "Requested by" when no partner name is known', async () => {
    s.links.views.set(TOKEN, activeView({ partnerName: null }));
    const html = await (await s.get(`/l/${TOKEN}`)).text();
    expect(html).not.toContain('Requested by');
    expect(html).toContain('Your partner asks you to authorize');
  });

  it.each([
    ['expired', 410, 'This link has expired'],
    ['superseded', 410, 'This link has been replaced'],
    ['revoked', 410, 'This link has been cancelled'],
    ['completed', 410, 'Authorization already complete'],
    ['failed', 410, 'This link can no longer be used'],
  ] as const)('a %s link shows its own page with status %i and no redirect', async (kind, status, heading) => {
    s.links.views.set(TOKEN, { kind, customerLabel: 'Acme Corp' });
    const res = await s.get(`/l/${TOKEN}`);
    const html = await res.text();
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBeNull();
    expect(expectSecurityHeaders(res)).toEqual([]);
    expect(html).toContain(`<h1>${heading}</h1>`);
    expect(html).toContain('Acme Corp');
    expect(html).toMatch(/partner/);
    expect(html).not.toContain('<form');
  });

  it('an unknown token shows a 404 page that says to ask for a new link', async () => {
    const res = await s.get(`/l/${TOKEN}`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<h1>Link not found</h1>');
    expect(html).toContain('ask your partner for a new link');
  });

  it('Celigo being unavailable shows a 503 page asking to try again later', async () => {
    s.links.views.set(TOKEN, { kind: 'unavailable', customerLabel: 'Acme Corp' });
    const res = await s.get(`/l/${TOKEN}`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.text()).toContain('try this link again in a few minutes');
  });

  it.each([
    ['too short', 'abc'],
    ['bad characters', 'tOk3n!AbCdEfGhIjKlMnOpQrStUvWx'],
    ['too long', 'a'.repeat(101)],
    ['percent-encoded junk', '%3Cscript%3Ealert(1)%3C%2Fscript%3Eaaaaaaaaaaa'],
  ])('a malformed token (%s) is a 404 page without asking the services', async (_name, token) => {
    const res = await s.get(`/l/${token}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Link not found');
    expect(s.links.viewCalls).toEqual([]);
  });

  it('escapes hostile connection names, customer labels and partner names', async () => {
    s.links.views.set(
      TOKEN,
      activeView({
        connectionName: '<img src=x onerror=alert(1)>',
        customerLabel: '"><script>alert("x")</script> & Co\'s',
        partnerName: '</title><b>Evil</b>',
      }),
    );
    const html = await (await s.get(`/l/${TOKEN}`)).text();
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>Evil');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&#39;s');
    expect(html).toContain('&lt;/title&gt;&lt;b&gt;Evil&lt;/b&gt;');
  });
});

describe('POST /l/:token/continue', () => {
  it('redirects with 303 See Other to the fresh authorization URL, not cached', async () => {
    s.links.views.set(TOKEN, activeView());
    const res = await s.post(`/l/${TOKEN}/continue`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(CELIGO_URL);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(s.links.continueCalls).toHaveLength(1);
    expect(s.links.continueCalls[0]?.token).toBe(TOKEN);
    expect(s.links.continueCalls[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a dead link answers with its page instead of a redirect', async () => {
    s.links.views.set(TOKEN, { kind: 'superseded', customerLabel: 'Acme Corp' });
    const res = await s.post(`/l/${TOKEN}/continue`);
    expect(res.status).toBe(410);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('This link has been replaced');
  });

  it('Celigo being unavailable at Continue shows the 503 try-again page, not a redirect', async () => {
    s.links.views.set(TOKEN, { kind: 'unavailable', customerLabel: 'Acme Corp' });
    const res = await s.post(`/l/${TOKEN}/continue`);
    expect(res.status).toBe(503);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('We could not reach the authorization service just now.');
  });

  it('a malformed token is a 404 page without asking the services', async () => {
    const res = await s.post('/l/short/continue');
    expect(res.status).toBe(404);
    expect(s.links.continueCalls).toEqual([]);
  });

  it('a body over 8 kB is refused with 413 and no redirect', async () => {
    s.links.views.set(TOKEN, activeView());
    const res = await s.post(`/l/${TOKEN}/continue`, `x=${'a'.repeat(9000)}`);
    expect(res.status).toBe(413);
    expect(res.headers.get('location')).toBeNull();
    expect(s.links.continueCalls).toEqual([]);
  });

  it('GET on the continue path (a reload after Continue) shows the link page again and continues nothing', async () => {
    s.links.views.set(TOKEN, activeView());
    const res = await s.get(`/l/${TOKEN}/continue`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Authorize Salesforce (Acme prod)');
    expect(s.links.continueCalls).toEqual([]);
    expect(s.logs()).not.toContain(TOKEN);
  });
});

describe('logging', () => {
  it('never writes the token or the authorization URL to the logs', async () => {
    s.links.views.set(TOKEN, activeView());
    await s.get(`/l/${TOKEN}`);
    await s.post(`/l/${TOKEN}/continue`);
    s.links.failNext = new Error('boom');
    await s.get(`/l/${TOKEN}`);
    const logs = s.logs();
    expect(logs).toContain('Customer sent to the authorization page.');
    expect(logs).toContain('HTTP route failed.');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain(CELIGO_URL);
    expect(logs).not.toContain('provider.example.test');
    expect(logs).not.toContain('s3cr3t-state-value');
  });
});

describe('failures', () => {
  it('a rejected use case becomes a 500 page with a reference and a log line, not an unhandled rejection', async () => {
    s.links.views.set(TOKEN, activeView());
    s.links.failNext = new Error('database went away');
    const res = await s.post(`/l/${TOKEN}/continue`);
    const html = await res.text();
    expect(res.status).toBe(500);
    expect(expectSecurityHeaders(res)).toEqual([]);
    expect(html).toContain('<h1>Something went wrong</h1>');
    const ref = /Reference: ([0-9a-f-]{36})/.exec(html)?.[1];
    expect(ref).toBeDefined();
    const line = s
      .logs()
      .split('\n')
      .find((l) => l.includes('HTTP route failed.'));
    expect(line).toContain(`"requestId":"${ref}"`);
    expect(line).toContain('database went away');
    expect(line).toContain('"route":"/l/:token/continue"');
    // The server keeps serving.
    expect((await s.get(`/l/${TOKEN}`)).status).toBe(200);
  });
});
