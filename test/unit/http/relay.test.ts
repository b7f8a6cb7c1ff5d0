import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTION_ID, expectSecurityHeaders, startTestServer, type TestServer } from './http-test-server.js';

let s: TestServer;
beforeEach(async () => {
  s = await startTestServer();
});
afterEach(async () => {
  await s.stop();
});

describe('GET /relay/:connectionId (return relay)', () => {
  it('triggers the completion check with the query, then forwards to the landing page with 303', async () => {
    s.completion.outcome = { forwardTo: 'https://partner.example.com/thanks?x=1', status: 'pending' };
    const res = await s.get(`/relay/${CONNECTION_ID}?code=abc123&state=st4te`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://partner.example.com/thanks?x=1');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(s.completion.calls).toHaveLength(1);
    expect(s.completion.calls[0]).toMatchObject({
      connectionId: CONNECTION_ID,
      params: { code: 'abc123', state: 'st4te' },
    });
  });

  it('with no landing page, shows a "you can close this tab" page', async () => {
    s.completion.outcome = { forwardTo: null, status: 'pending' };
    const res = await s.get(`/relay/${CONNECTION_ID}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(expectSecurityHeaders(res)).toEqual([]);
    expect(html).toContain('You can close this tab.');
  });

  it('a confirmed completion without a landing page says the authorization is complete', async () => {
    s.completion.outcome = { forwardTo: null, status: 'completed' };
    const html = await (await s.get(`/relay/${CONNECTION_ID}`)).text();
    expect(html).toContain('<h1>Authorization complete</h1>');
  });

  it('a failure shows a page saying authorization did not complete and to contact the partner, never the landing page', async () => {
    s.completion.outcome = { forwardTo: 'https://partner.example.com/thanks', status: 'failed' };
    const res = await s.get(`/relay/${CONNECTION_ID}?error=access_denied`);
    const html = await res.text();
    expect(res.headers.get('location')).toBeNull();
    expect(html).toContain('<h1>Authorization did not complete</h1>');
    expect(html).toContain('contact your partner');
    expect(s.completion.calls[0]?.params).toEqual({ error: 'access_denied' });
  });

  it('an unknown connection is a 404 page', async () => {
    s.completion.outcome = { forwardTo: null, status: 'unknown_connection' };
    const res = await s.get(`/relay/${CONNECTION_ID}`);
    expect(res.status).toBe(404);
    expect(expectSecurityHeaders(res)).toEqual([]);
  });

  it('a landing page that is not an http(s) URL is never used as a redirect', async () => {
    s.completion.outcome = { forwardTo: 'javascript:alert(1)', status: 'completed' };
    const res = await s.get(`/relay/${CONNECTION_ID}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
  });

  it.each([
    ['too short', 'abc'],
    ['not hex', 'zzzzzzzzzzzzzzzzzzzzzzzz'],
    ['too long', `${CONNECTION_ID}00`],
  ])('an invalid connection id (%s) is a 404 page without asking the services', async (_name, id) => {
    const res = await s.get(`/relay/${id}?code=x`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
    expect(s.completion.calls).toEqual([]);
  });

  it('logs no query parameter value or made-up name, and counts arrivals by whether they matched a link', async () => {
    s.completion.outcome = { forwardTo: 'https://partner.example.com/thanks', status: 'pending' };
    await s.get(`/relay/${CONNECTION_ID}?code=SECRETCODE123&state=SECRETSTATE456&attackername=1`);
    s.completion.outcome = { forwardTo: null, status: 'pending', matched: true };
    await s.get(`/relay/${CONNECTION_ID}`);
    const logs = s.logs();
    expect(logs).toContain('"matched":true');
    expect(logs).not.toContain('attackername');
    const metrics = await s.metrics.registry.metrics();
    expect(metrics).toContain('celigo_bot_relay_arrivals_total{outcome="unmatched"} 1');
    expect(metrics).toContain('celigo_bot_relay_arrivals_total{outcome="matched"} 1');
    expect(logs).not.toContain('SECRETCODE123');
    expect(logs).not.toContain('SECRETSTATE456');
    expect(logs).not.toContain('partner.example.com');
  });
});
