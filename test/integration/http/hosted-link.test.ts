/**
 * The customer path through the real app, over HTTP with fetch (no browser): hosted link page, Continue,
 * the fake provider consent, the return relay, and what the thread is told.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import {
  createHostedLink,
  drainUntil,
  type LandingServer,
  slackTexts,
  startLandingServer,
} from './customer-path-support.js';

let t: TestApp;
let landing: LandingServer;

beforeEach(async () => {
  landing = await startLandingServer();
  t = await startTestApp({ publicUrl: true });
});
afterEach(async () => {
  await t.stop();
  await landing.close();
});

const get = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });
const post = (url: string, body = '') =>
  fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

/** Plays the provider's consent page: reads its form and submits the chosen decision. */
async function decide(consentUrl: string, decision: 'allow' | 'deny'): Promise<Response> {
  const html = await (await get(consentUrl)).text();
  const connection = /name="connection" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const state = /name="state" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return post(
    new URL('/provider/decision', consentUrl).toString(),
    new URLSearchParams({ connection, state, decision }).toString(),
  );
}

describe('hosted customer link, end to end', () => {
  it('page → Continue → consent Allow → relay → landing page, and the thread gets the completion within a second', async () => {
    const conn = t.celigo.addConnection({
      name: 'Acme Salesforce',
      http: { auth: { oauth: { oauth2RedirectUrl: landing.url } } },
    });
    const link = await createHostedLink(t, conn._id, 'Acme Corp');
    expect(link.startsWith(`${t.baseUrl}/l/`)).toBe(true);

    // Opening the page (as a person, an unfurler or a scanner would) shows it and changes nothing.
    for (let i = 0; i < 2; i++) {
      const page = await get(link);
      expect(page.status).toBe(200);
      expect(page.headers.get('location')).toBeNull();
      const html = await page.text();
      expect(html).toContain('Acme Salesforce');
      expect(html).toContain('Acme Corp');
    }
    await t.drain();
    expect(slackTexts(t).some((s) => s.includes('opened the authorization link'))).toBe(false);

    const token = new URL(link).pathname.split('/')[2] ?? '';
    const cont = await post(`${t.baseUrl}/l/${token}/continue`);
    expect(cont.status).toBe(303);
    expect(cont.headers.get('cache-control')).toBe('no-store');
    const consentUrl = cont.headers.get('location') ?? '';
    expect(consentUrl.startsWith(`${t.celigo.baseUrl}/provider/authorize?`)).toBe(true);

    const decision = await decide(consentUrl, 'allow');
    expect(decision.status).toBe(302);
    const relay = decision.headers.get('location') ?? '';
    expect(relay).toBe(`${t.baseUrl}/relay/${conn._id}`);

    const arrived = await get(relay);
    expect(arrived.status).toBe(303);
    expect(arrived.headers.get('location')).toBe(landing.url);

    const elapsed = await drainUntil(t, () => slackTexts(t).some((s) => s.includes('authorized *Acme Salesforce*')));
    expect(elapsed).toBeLessThan(1_000);
    expect(slackTexts(t).some((s) => s.includes('opened the authorization link'))).toBe(true);

    // The link is used up: its page now says so, and Continue does not redirect.
    const after = await get(link);
    expect(after.headers.get('location')).toBeNull();
    expect(await after.text()).toContain('Authorization already complete');

    // Neither the token nor the provider's authorization URL reached the logs at the levels production runs
    // at (info and up). Debug lines are left out: the Slack WebClient logs request bodies there, link included.
    const logs = t.logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 30).join('\n');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(consentUrl);
    expect(logs).not.toContain(new URL(consentUrl).searchParams.get('state') ?? 'no-state');
  });

  it('a replaced link shows a 410 page and never redirects, while the new one works', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme HubSpot' });
    const first = await createHostedLink(t, conn._id, 'Acme Corp');
    const second = await createHostedLink(t, conn._id, 'Acme Corp');
    expect(second).not.toBe(first);

    const old = await get(first);
    expect(old.status).toBe(410);
    expect(await old.text()).toContain('This link has been replaced');
    const oldContinue = await post(`${first}/continue`);
    expect(oldContinue.status).toBe(410);
    expect(oldContinue.headers.get('location')).toBeNull();

    expect((await get(second)).status).toBe(200);
    expect((await post(`${second}/continue`)).status).toBe(303);
  });

  it('without a landing page the relay shows the close-tab page; a denial shows the failure page', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme Zendesk' });
    const link = await createHostedLink(t, conn._id, 'Acme Corp');
    const consent = (await post(`${link}/continue`)).headers.get('location') ?? '';
    const denied = await decide(consent, 'deny');
    const relay = denied.headers.get('location') ?? '';
    expect(relay.startsWith(`${t.baseUrl}/relay/${conn._id}?`)).toBe(true);
    const page = await get(relay);
    expect(page.headers.get('location')).toBeNull();
    expect(await page.text()).toContain('Authorization did not complete');
  });

  it('an unknown token is a 404 page and the health routes answer on the same server', async () => {
    const res = await get(`${t.baseUrl}/l/${'A'.repeat(43)}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Link not found');

    expect((await get(`${t.baseUrl}/healthz`)).status).toBe(200);
    const ready = await get(`${t.baseUrl}/readyz`);
    expect(await ready.json()).toEqual({ database: 'ok', slack: 'ok', celigo: 'ok' });
    expect(ready.status).toBe(200);
    const metrics = await (await get(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toContain('celigo_bot_http_requests_total{route="/l/:token",status="404"} 1');
    expect(metrics).toContain('celigo_bot_links_open');
  });
});
