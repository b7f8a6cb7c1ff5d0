/**
 * Two Celigo accounts in one app, end to end: two fake integrator.io servers, each accepting only its own
 * token and seeded with some identical connection ids, behind the real app driven by signed Slack requests.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { type FakeCeligo, startFakeCeligo } from '../../support/fake-celigo.js';
import type { FakeSlack, SlackCall } from '../../support/fake-slack.js';
import { waitFor } from '../../support/slack-requests.js';
import { ephemeralTexts } from '../slack/slack-support.js';

const SHARED = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ONLY_EU = 'bbbbbbbbbbbbbbbbbbbbbbbb';

interface Setup {
  t: TestApp;
  us: FakeCeligo;
  eu: FakeCeligo;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(extraEnv: Record<string, string> = {}, publicUrl = false): Promise<Setup> {
  const us = await startFakeCeligo({ token: 'us-token-0123456789' });
  const eu = await startFakeCeligo({ token: 'eu-token-9876543210' });
  us.addConnection({ _id: SHARED, name: 'Shopify Acme' });
  eu.addConnection({ _id: SHARED, name: 'Shopify Acme EU' });
  eu.addConnection({ _id: ONLY_EU, name: 'Netsuite Globex' });
  const t = await startTestApp({
    fakeCeligo: us,
    publicUrl,
    env: {
      CELIGO_ACCOUNTS: `us-prod=${us.baseUrl},eu-prod=${eu.baseUrl}`,
      CELIGO_API_TOKEN_US_PROD: us.token,
      CELIGO_API_TOKEN_EU_PROD: eu.token,
      // Not read with CELIGO_ACCOUNTS set: a wrong value here must change nothing.
      CELIGO_API_TOKEN: 'never-sent',
      ...extraEnv,
    },
  });
  cleanups.push(async () => {
    await t.stop({ keepFakes: true });
    await us.close();
    await eu.close();
  });
  return { t, us, eu };
}

const text = (c: SlackCall) => `${String(c.params['text'] ?? '')} ${JSON.stringify(c.params['blocks'] ?? '')}`;
const linkReplies = (slack: FakeSlack) =>
  slack.callsOf('chat.postMessage').filter((c) => c.params['thread_ts'] && /Authorization link created/.test(text(c)));
const cards = (slack: FakeSlack) => slack.callsOf('chat.postMessage').filter((c) => !c.params['thread_ts']);
const lastEphemeral = (slack: FakeSlack) => ephemeralTexts(slack.calls).at(-1) ?? '';

/** No request ever reached a server with a token other than its own. */
function onlyOwnTokens({ us, eu }: Setup): void {
  expect(us.apiRequests().length + eu.apiRequests().length).toBeGreaterThan(0);
  for (const r of us.apiRequests()) expect(r.auth).toBe(`Bearer ${us.token}`);
  for (const r of eu.apiRequests()) expect(r.auth).toBe(`Bearer ${eu.token}`);
}

describe('two Celigo accounts', () => {
  test('link eu-prod/<id> gets its authorization URL from the EU server only', async () => {
    const s = await start();
    await s.t.command(`link eu-prod/${SHARED} Acme`);
    await waitFor(() => linkReplies(s.t.slack).length === 1);
    const oauth = (f: FakeCeligo) => f.apiRequests().filter((r) => r.path === `/v1/connection/${SHARED}/oauth2`);
    expect(oauth(s.eu)).toHaveLength(1);
    expect(oauth(s.us)).toHaveLength(0);
    // The card names the account.
    expect(text(cards(s.t.slack)[0]!)).toContain(`eu-prod/${SHARED}`);
    expect(text(cards(s.t.slack)[0]!)).toContain('Shopify Acme EU (eu-prod)');
    expect(lastEphemeral(s.t.slack)).toContain('Shopify Acme EU (eu-prod)');
    const [link] = await s.t.app.storage.links.listByConnection('T1', `eu-prod/${SHARED}`, 5);
    expect(link?.state).toBe('pending');
    onlyOwnTokens(s);
  });

  test('an id in one account resolves without a prefix; an id in both is refused naming both, nothing fetched', async () => {
    const s = await start();
    await s.t.command(`link ${ONLY_EU} Globex`);
    await waitFor(() => linkReplies(s.t.slack).length === 1);
    expect(s.eu.apiRequests().some((r) => r.path === `/v1/connection/${ONLY_EU}/oauth2`)).toBe(true);

    const before = { us: s.us.apiRequests().length, eu: s.eu.apiRequests().length };
    await s.t.command(`link ${SHARED} Acme`);
    await waitFor(() => /more than one Celigo account/.test(lastEphemeral(s.t.slack)));
    const refusal = lastEphemeral(s.t.slack);
    expect(refusal).toContain('us-prod');
    expect(refusal).toContain('eu-prod');
    // Only the listings that found the id twice: no authorization URL, no connection read, nothing posted.
    const after = [...s.us.apiRequests().slice(before.us), ...s.eu.apiRequests().slice(before.eu)];
    expect(after.every((r) => r.method === 'GET' && r.path === '/v1/connections')).toBe(true);
    await s.t.drain();
    expect(linkReplies(s.t.slack)).toHaveLength(1);
    expect(await s.t.app.storage.links.listByConnection('T1', SHARED, 5)).toEqual([]);
    onlyOwnTokens(s);
  });

  test('the same id in two accounts gets two threads; a completion is announced only in its own thread', async () => {
    const s = await start();
    await s.t.command(`link us-prod/${SHARED} Acme`);
    await waitFor(() => linkReplies(s.t.slack).length === 1);
    await s.t.command(`link eu-prod/${SHARED} Acme`);
    await waitFor(() => linkReplies(s.t.slack).length === 2);
    const parents = cards(s.t.slack);
    expect(parents).toHaveLength(2);
    const threadOf = (account: string) =>
      s.t.app.storage.threads.get({ teamId: 'T1', channelId: 'C1', connectionId: `${account}/${SHARED}` });
    const usThread = await threadOf('us-prod');
    const euThread = await threadOf('eu-prod');
    expect(usThread?.parentTs).toBeTruthy();
    expect(euThread?.parentTs).toBeTruthy();
    expect(usThread?.parentTs).not.toBe(euThread?.parentTs);

    s.eu.authorize(SHARED);
    const report = await s.t.app.services.completion.pollOnce();
    expect(report.completed).toBe(1);
    await s.t.drain();
    const done = s.t.slack
      .callsOf('chat.postMessage')
      .filter((c) => c.params['thread_ts'] && /authorized/.test(text(c)) && !/link created/.test(text(c)));
    expect(done.map((c) => c.params['thread_ts'])).toEqual([euThread?.parentTs]);
    const [usLink] = await s.t.app.storage.links.listByConnection('T1', `us-prod/${SHARED}`, 1);
    expect(usLink?.state).toBe('pending');
    // One listing per account per round, not one call per link.
    const lists = (f: FakeCeligo) => f.apiRequests().filter((r) => r.path === '/v1/connections').length;
    expect(lists(s.us)).toBeGreaterThanOrEqual(1);
    expect(lists(s.eu)).toBeGreaterThanOrEqual(1);
    onlyOwnTokens(s);
  });

  test('/celigo connections names both accounts, grouped; /celigo accounts lists them with counts', async () => {
    const s = await start();
    await s.t.command('connections');
    await waitFor(() => /Account us-prod/.test(lastEphemeral(s.t.slack)));
    const listing = lastEphemeral(s.t.slack);
    expect(listing).toContain('Account eu-prod');
    expect(listing).toContain(`eu-prod/${ONLY_EU}`);
    expect(listing).toContain(`us-prod/${SHARED}`);

    await s.t.command('accounts');
    await waitFor(() => /Celigo accounts: /.test(lastEphemeral(s.t.slack)));
    const accounts = lastEphemeral(s.t.slack);
    expect(accounts).toMatch(/us-prod\*[^•]*token accepted — 1 OAuth 2.0 connections/);
    expect(accounts).toMatch(/eu-prod\*[^•]*token accepted — 2 OAuth 2.0 connections/);
    onlyOwnTokens(s);
  });

  test('one account down: the other account’s links still work and complete; /readyz reports each account', async () => {
    const s = await start();
    await s.t.command(`link us-prod/${SHARED} Acme`);
    await waitFor(() => linkReplies(s.t.slack).length === 1);
    s.us.failNext({}, { status: 503, body: { errors: [{ code: 'unavailable', message: 'down' }] } }, 1000);

    await s.t.command(`link eu-prod/${ONLY_EU} Globex`);
    await waitFor(() => linkReplies(s.t.slack).length === 2);
    s.eu.authorize(ONLY_EU);
    const report = await s.t.app.services.completion.pollOnce();
    expect(report.completed).toBe(1);
    const [euLink] = await s.t.app.storage.links.listByConnection('T1', `eu-prod/${ONLY_EU}`, 1);
    expect(euLink?.state).toBe('completed');
    const [usLink] = await s.t.app.storage.links.listByConnection('T1', `us-prod/${SHARED}`, 1);
    expect(usLink?.state).toBe('pending');

    // The account that is down: its thread is told once, however many rounds fail; the other's is not.
    await s.t.app.services.completion.pollOnce();
    await s.t.drain();
    const told = s.t.slack
      .callsOf('chat.postMessage')
      .filter((c) => /Celigo account \*us-prod\* is not answering/.test(text(c)));
    expect(told).toHaveLength(1);
    const usThread = await s.t.app.storage.threads.get({
      teamId: 'T1',
      channelId: 'C1',
      connectionId: `us-prod/${SHARED}`,
    });
    expect(told[0]?.params['thread_ts']).toBe(usThread?.parentTs);
    expect(s.t.slack.callsOf('chat.postMessage').some((c) => /eu-prod\* is not answering/.test(text(c)))).toBe(false);

    const ready = await fetch(`${s.t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      celigo: 'degraded',
      accounts: { 'us-prod': 'failed', 'eu-prod': 'ok' },
    });
    onlyOwnTokens(s);
  });

  test('two replicas on one database tell an outage once, also after a restart; the next outage is told anew', async () => {
    const s = await start();
    const replica = async () => {
      const r = await startTestApp({
        fakeCeligo: s.us,
        fakeSlack: s.t.slack,
        databaseUrl: s.t.databaseUrl,
        env: {
          CELIGO_ACCOUNTS: `us-prod=${s.us.baseUrl},eu-prod=${s.eu.baseUrl}`,
          CELIGO_API_TOKEN_US_PROD: s.us.token,
          CELIGO_API_TOKEN_EU_PROD: s.eu.token,
        },
      });
      cleanups.push(() => r.stop({ keepFakes: true }));
      return r;
    };
    const b = await replica();
    await s.t.command(`link us-prod/${SHARED} Acme`);
    await waitFor(() => linkReplies(s.t.slack).length === 1);
    const told = async () => {
      await s.t.drain();
      await b.drain();
      return s.t.slack.callsOf('chat.postMessage').filter((c) => /us-prod\* is not answering/.test(text(c))).length;
    };
    const down = () =>
      s.us.failNext(
        { method: 'GET' },
        { status: 503, body: { errors: [{ code: 'unavailable', message: 'down' }] } },
        1000,
      );
    const rounds = async (...apps: TestApp[]) => {
      for (const a of apps) await a.app.services.completion.pollOnce();
    };

    down();
    await rounds(s.t, b, s.t, b);
    expect(await told()).toBe(1);

    // A replica started during the outage does not tell it again.
    const c = await replica();
    await rounds(c, c);
    expect(await told()).toBe(1);

    // Back, seen by one replica only, then down again: a new outage, told once more.
    s.us.clearFailures();
    await rounds(b);
    down();
    await rounds(s.t, b, c);
    expect(await told()).toBe(2);
    const [usLink] = await s.t.app.storage.links.listByConnection('T1', `us-prod/${SHARED}`, 1);
    expect(usLink?.state).toBe('pending');
  });

  test('CELIGO_ACCOUNT_<NAME>_CHANNELS narrows one account only; the refusal names it and fetches nothing', async () => {
    const s = await start({ CELIGO_ACCOUNT_EU_PROD_CHANNELS: 'C99' });
    await s.t.command(`link eu-prod/${ONLY_EU} Globex`);
    await waitFor(() => /Celigo account eu-prod can be used only in/.test(lastEphemeral(s.t.slack)));
    expect(s.eu.apiRequests().some((r) => r.path.includes('/oauth2'))).toBe(false);
    expect(await s.t.app.storage.links.listByConnection('T1', `eu-prod/${ONLY_EU}`, 5)).toEqual([]);
    await s.t.command(`redirect eu-prod/${ONLY_EU} https://globex.example.com/thanks`);
    await waitFor(
      () => ephemeralTexts(s.t.slack.calls).filter((m) => /eu-prod can be used only in/.test(m)).length === 2,
    );
    // Each refusal is one audit entry, by the access check: not a second one by the command it refused.
    await waitFor(async () => (await s.t.app.storage.audit.query({})).length >= 2);
    const refusals = (await s.t.app.storage.audit.query({})).filter((e) => e.result !== 'ok');
    expect(refusals.map((e) => [e.action, e.connectionId])).toEqual([
      ['access.denied', `eu-prod/${ONLY_EU}`],
      ['access.denied', `eu-prod/${ONLY_EU}`],
    ]);

    await s.t.command(`link us-prod/${SHARED} Acme`);
    await waitFor(() => linkReplies(s.t.slack).length === 1);
    await s.t.command(`link eu-prod/${ONLY_EU} Globex`, { channelId: 'C99' });
    await waitFor(() => linkReplies(s.t.slack).length === 2);
    // The audit entry carries the account in its connection key.
    const euAudit = await s.t.app.storage.audit.query({ connectionId: `eu-prod/${ONLY_EU}` });
    expect(euAudit.map((e) => e.action)).toContain('link.generate');
    onlyOwnTokens(s);
  });

  test('the return relay of an account’s connection (/relay/<account>%2F<id>) checks that account only', async () => {
    const s = await start({}, true);
    await s.t.command(`link eu-prod/${SHARED} Acme`);
    await waitFor(() => linkReplies(s.t.slack).length === 1);
    s.eu.authorize(SHARED);
    const res = await fetch(`${s.t.baseUrl}/relay/${encodeURIComponent(`eu-prod/${SHARED}`)}`, { redirect: 'manual' });
    expect(res.status).toBe(200);
    await res.body?.cancel();
    const [link] = await s.t.app.storage.links.listByConnection('T1', `eu-prod/${SHARED}`, 1);
    expect(link?.state).toBe('completed');
    expect(s.us.apiRequests().some((r) => r.path.includes(SHARED))).toBe(false);
    onlyOwnTokens(s);
  });
});
