/**
 * The authorization-URL guard through the real app, against the fake integrator.io switched to the
 * dangerous reading of oauth2RedirectUrl (docs/celigo-api.md, Q-redirect-url-meaning): no usable link
 * reaches the thread or the customer's browser, the field goes back to its earlier value, both changes
 * are audited, and the account remembers to leave the field alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';
import { ephemeralTexts } from '../slack/slack-support.js';
import { createHostedLink, drainUntil, hostedLinksPosted, slackTexts } from './customer-path-support.js';

const EARLIER = 'https://partner.example/thanks';
const CALLBACK = 'https://api.integrator.io/connection/oauth2callback';
let t: TestApp;
afterEach(async () => {
  await t.stop();
});

const post = (url: string) => fetch(url, { method: 'POST', redirect: 'manual' });
const redirectValue = (id: string): unknown => t.celigo.doc(id).http?.auth?.oauth?.oauth2RedirectUrl;

describe('authorization-URL guard, dangerous reading', () => {
  it('/celigo link with PUBLIC_URL posts no link, tells the caller why, restores the field and audits both changes', async () => {
    t = await startTestApp({ publicUrl: true, celigo: { redirectReading: 'provider_callback' } });
    // In this reading a working connection has no landing page, or Celigo's own callback, in the field.
    const conn = t.celigo.addConnection({
      name: 'Acme Salesforce',
      http: { auth: { oauth: { oauth2RedirectUrl: CALLBACK } } },
    });
    expect((await t.command(`link ${conn._id} Acme Corp`)).status).toBe(200);

    const answer = await waitFor(() => ephemeralTexts(t.slack.calls).find((x) => x.includes('No link was handed out')));
    expect(answer).toContain('authorization code');
    expect(redirectValue(conn._id)).toBe(CALLBACK);

    await drainUntil(t, () => slackTexts(t).some((s) => s.includes('Authorization link withheld')));
    expect(hostedLinksPosted(t)).toEqual([]);
    expect(slackTexts(t).join('\n')).not.toContain('/provider/authorize');
    expect(await t.app.storage.links.listByConnection('T1', conn._id, 5)).toEqual([]);

    const audit = await t.app.storage.audit.query({ connectionId: conn._id, order: 'asc' });
    const relaySet = audit.find((e) => e.action === 'relay.set' && e.result === 'ok');
    const restored = audit.find((e) => e.action === 'redirect.restored' && e.result === 'ok');
    expect(relaySet).toMatchObject({ before: CALLBACK, after: `${t.baseUrl}/relay/${conn._id}` });
    expect(restored).toMatchObject({ before: `${t.baseUrl}/relay/${conn._id}`, after: CALLBACK, userId: 'U1' });

    const finding = (await t.app.storage.findings.get('default')).get('redirect_url_meaning');
    expect(finding).toMatchObject({ value: 'provider_callback', source: 'guard' });
    await t.command(`status ${conn._id}`);
    await waitFor(() => ephemeralTexts(t.slack.calls).find((x) => x.includes('Landing pages and return relay: off')));

    // Created again, the link skips the relay: Celigo's field stays as it was, and the link is posted.
    const link = await createHostedLink(t, conn._id, 'Acme Corp');
    expect(link.startsWith(`${t.baseUrl}/l/`)).toBe(true);
    expect(redirectValue(conn._id)).toBe(CALLBACK);
  });

  it('a landing page set outside the app is left alone, and the caller is told to clear it in integrator.io', async () => {
    t = await startTestApp({ celigo: { redirectReading: 'provider_callback' } });
    const conn = t.celigo.addConnection({
      name: 'Acme Salesforce',
      http: { auth: { oauth: { oauth2RedirectUrl: EARLIER } } },
    });
    expect((await t.command(`link ${conn._id} Acme Corp`)).status).toBe(200);
    const answer = await waitFor(() => ephemeralTexts(t.slack.calls).find((x) => x.includes('No link was handed out')));
    expect(answer).toContain('clear it in integrator.io');
    expect(redirectValue(conn._id)).toBe(EARLIER);
    expect(t.celigo.apiRequests().some((r) => r.method === 'PATCH' || r.method === 'PUT')).toBe(false);
    await drainUntil(t, () => slackTexts(t).some((s) => s.includes('Authorization link withheld')));
    expect(slackTexts(t).join('\n')).not.toContain('/provider/authorize');
  });

  it('once the account is known to break with the field set, links skip the relay and write nothing to Celigo', async () => {
    t = await startTestApp({ publicUrl: true, celigo: { redirectReading: 'provider_callback' } });
    const conn = t.celigo.addConnection({ name: 'Acme Salesforce' });
    await t.app.storage.findings.save({
      account: 'default',
      name: 'redirect_url_meaning',
      value: 'provider_callback',
      source: 'probe',
      at: new Date(),
    });
    const link = await createHostedLink(t, conn._id, 'Acme Corp');
    expect(link.startsWith(`${t.baseUrl}/l/`)).toBe(true);
    expect(redirectValue(conn._id)).toBeUndefined();
    expect(t.celigo.apiRequests().some((r) => r.method === 'PATCH' || r.method === 'PUT')).toBe(false);
  });

  it('Continue on a hosted link created earlier refuses the same way: no redirect, a clear page, the thread told', async () => {
    t = await startTestApp({ publicUrl: true });
    const conn = t.celigo.addConnection({
      name: 'Acme Salesforce',
      http: { auth: { oauth: { oauth2RedirectUrl: EARLIER } } },
    });
    const link = await createHostedLink(t, conn._id, 'Acme Corp');
    expect(redirectValue(conn._id)).toBe(`${t.baseUrl}/relay/${conn._id}`);

    t.celigo.options.redirectReading = 'provider_callback';
    const token = new URL(link).pathname.split('/')[2] ?? '';
    const cont = await post(`${t.baseUrl}/l/${token}/continue`);
    expect(cont.headers.get('location')).toBeNull();
    const html = await cont.text();
    expect(html).toContain('cannot be used right now');
    expect(html).not.toContain('/provider/authorize');
    expect(redirectValue(conn._id)).toBe(EARLIER);

    await drainUntil(t, () => slackTexts(t).some((s) => s.includes('Authorization link withheld')));
    const audit = await t.app.storage.audit.query({ connectionId: conn._id });
    expect(audit.find((e) => e.action === 'redirect.restored')).toMatchObject({
      result: 'ok',
      userId: null,
      after: EARLIER,
    });
    expect(audit.some((e) => e.action === 'link.continue' && e.result === 'ok')).toBe(false);
  });

  it('in the normal reading the link is posted and Continue redirects to the provider as today', async () => {
    t = await startTestApp({ publicUrl: true });
    const conn = t.celigo.addConnection({
      name: 'Acme Salesforce',
      http: { auth: { oauth: { oauth2RedirectUrl: EARLIER } } },
    });
    const link = await createHostedLink(t, conn._id, 'Acme Corp');
    const token = new URL(link).pathname.split('/')[2] ?? '';
    const cont = await post(`${t.baseUrl}/l/${token}/continue`);
    expect(cont.status).toBe(303);
    expect(cont.headers.get('location')?.startsWith(`${t.celigo.baseUrl}/provider/authorize?`)).toBe(true);
    expect((await t.app.storage.findings.get('default')).size).toBe(0);
  });
});
