/**
 * A customer link's life end to end (issue 3), through the real app: signed slash command → services →
 * outbox → fake Slack, with the fake integrator.io standing in for Celigo.
 */
import { describe, expect, test } from 'vitest';
import { ACTIONS } from '../../../src/blocks/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createEmptyTestDatabase, DIALECTS } from '../../support/databases.js';
import type { FakeCeligo } from '../../support/fake-celigo.js';
import type { FakeSlack, SlackCall } from '../../support/fake-slack.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { waitFor } from '../../support/slack-requests.js';
import { trackedApps } from '../../support/tracked-apps.js';
import { buttonClick, buttonValue } from '../slack/slack-support.js';

const { cleanups, start } = trackedApps();

const text = (c: SlackCall) => `${String(c.params['text'] ?? '')} ${JSON.stringify(c.params['blocks'] ?? '')}`;
const threadReplies = (slack: FakeSlack, pattern: RegExp) =>
  slack.callsOf('chat.postMessage').filter((c) => c.params['thread_ts'] && pattern.test(text(c)));

async function issueLink(t: TestApp, label = 'Acme'): Promise<string> {
  const doc = t.celigo.addConnection({ name: `Shopify ${label}` });
  const res = await t.command(`link ${doc._id} ${label}`);
  expect(res.status).toBe(200);
  await waitFor(() => threadReplies(t.slack, /Authorization link created/).length > 0);
  return doc._id;
}

describe('completion, expiry and replacement', () => {
  test('polling announces completion within two intervals of Celigo reporting the connection online', async () => {
    const t = await start({ overrides: { startPoller: true } });
    const id = await issueLink(t);
    t.celigo.authorize(id);
    const started = Date.now();
    const [done] = await waitFor(
      () => {
        const r = threadReplies(t.slack, /authorized/);
        return r.length ? r : undefined;
      },
      2 * t.config.links.pollIntervalMs + 1500,
    );
    expect(Date.now() - started).toBeLessThan(2 * t.config.links.pollIntervalMs + 1500);
    expect(text(done!)).toContain('<@U1>');
    // The link message itself is edited so nobody copies a dead link, and the card shows online.
    await waitFor(() => t.slack.callsOf('chat.update').some((c) => /no longer usable/.test(text(c))));
    await waitFor(() => t.slack.callsOf('chat.update').some((c) => /online/i.test(text(c))));
    const audit = await t.app.storage.audit.query({ connectionId: id });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['link.generate', 'link.completed']));
  });

  test('an unused link expires and the requester is told, once', async () => {
    // The fixed clock moves past the link's lifetime: no waiting on the wall clock.
    const clock = new FixedClock(new Date());
    const t = await start({ overrides: { clock } });
    const id = await issueLink(t, 'Globex');
    clock.advance(t.config.links.ttlMs + 1000);
    const report = await t.app.services.completion.pollOnce();
    expect(report.expired).toBe(1);
    await t.drain();
    const expired = threadReplies(t.slack, /expired/);
    expect(expired).toHaveLength(1);
    expect(text(expired[0]!)).toContain('<@U1>');
    const links = await t.app.storage.links.listByConnection('T1', id, 5);
    expect(links[0]?.state).toBe('expired');
    // A second round finds nothing more to say.
    await t.app.services.completion.pollOnce();
    await t.drain();
    expect(threadReplies(t.slack, /expired/)).toHaveLength(1);
  });

  test('a new link for the same connection replaces the old one, whose message is edited to say so', async () => {
    const t = await start();
    const doc = t.celigo.addConnection({ name: 'Netsuite Initech' });
    await t.command(`link ${doc._id} First`);
    await waitFor(() => threadReplies(t.slack, /link created for First/).length === 1);
    await t.command(`link ${doc._id} Second`);
    await waitFor(() => threadReplies(t.slack, /link created for Second/).length === 1);
    await waitFor(() => threadReplies(t.slack, /was replaced/).length === 1);
    const edits = await waitFor(() => {
      const e = t.slack.callsOf('chat.update').filter((c) => /newer link replaced it/.test(text(c)));
      return e.length ? e : undefined;
    });
    expect(edits).toHaveLength(1);
    const states = (await t.app.storage.links.listByConnection('T1', doc._id, 5)).map((l) => l.state);
    expect(states).toEqual(['pending', 'superseded']);
    // Every reply went into the one thread of this connection in this channel.
    const parents = new Set(threadReplies(t.slack, /./).map((c) => c.params['thread_ts']));
    expect(parents.size).toBe(1);
  });
});

test('staff revoke a link from its thread message: its page says so, the thread is told, a second click changes nothing', async () => {
  const t = await start({ publicUrl: true, env: { PARTNER_NAME: 'Northwind & Partners' } });
  await issueLink(t, 'Wayne');
  const reply = threadReplies(t.slack, /Authorization link created/)[0]!;
  const token = /\/l\/([A-Za-z0-9_-]+)/.exec(text(reply))?.[1];
  const linkId = buttonValue(reply, ACTIONS.revokeLink);
  expect(linkId).toBeTruthy();
  const active = await fetch(`${t.baseUrl}/l/${token}`);
  expect(active.status).toBe(200);
  expect(await active.text()).toContain('Northwind &amp; Partners'); // who is asking, HTML-escaped

  const click = () =>
    t.interact(
      buttonClick({ actionId: ACTIONS.revokeLink, value: linkId!, responseUrl: `${t.slack.baseUrl}/response/revoke` }),
    );
  expect((await click()).status).toBe(200);
  await waitFor(() => threadReplies(t.slack, /revoked the link/).length === 1);
  await waitFor(() => t.slack.callsOf('chat.update').some((c) => /no longer usable/.test(text(c))));
  const page = await fetch(`${t.baseUrl}/l/${token}`, { redirect: 'manual' });
  expect(page.status).toBe(410);
  expect(page.headers.get('location')).toBeNull();
  expect(await page.text()).toMatch(/cancelled/i);

  await click();
  await waitFor(() => t.slack.callsOf('/response/revoke').some((c) => /nothing to revoke/.test(text(c))));
  await t.drain();
  expect(threadReplies(t.slack, /revoked the link/)).toHaveLength(1);
  // One revocation; the second click is recorded as a refusal with its code.
  const revokes = (await t.app.storage.audit.query({})).filter((e) => e.action === 'link.revoked');
  expect(revokes.map((e) => e.result).sort()).toEqual(['ok', 'refused']);
  expect(revokes.find((e) => e.result === 'refused')?.detail).toMatch(/^link \S+: link_closed$/);
});

test('a completion seen through the relay is announced once; the next poll does not add "back online"', async () => {
  const t = await start({ publicUrl: true });
  const id = await issueLink(t, 'Initrode');
  await t.app.services.completion.pollOnce(); // the watch records "offline" as its baseline
  t.celigo.authorize(id);
  const relay = await fetch(`${t.baseUrl}/relay/${id}`, { redirect: 'manual' });
  expect(relay.status).toBeLessThan(400);
  await t.app.services.completion.pollOnce();
  await t.app.services.completion.pollOnce();
  await t.drain();
  expect(threadReplies(t.slack, /authorized/)).toHaveLength(1);
  expect(threadReplies(t.slack, /online again/)).toHaveLength(0);
});

describe('nothing lost, nothing twice', () => {
  test('a restart between link and completion still announces the completion exactly once', async () => {
    const first = await startTestApp();
    const id = await issueLink(first, 'Umbrella');
    const { celigo, slack, databaseUrl } = first;
    await first.stop({ keepFakes: true });
    cleanups.push(
      () => slack.close(),
      () => celigo.close(),
    );

    celigo.authorize(id);
    const second = await start({ fakeCeligo: celigo, fakeSlack: slack, databaseUrl });
    await second.app.services.completion.pollOnce();
    await second.app.services.completion.pollOnce();
    await second.drain();
    expect(threadReplies(slack, /authorized/)).toHaveLength(1);
    // The reply lands in the thread the first process started.
    const parent = threadReplies(slack, /Authorization link created/)[0]?.params['thread_ts'];
    expect(threadReplies(slack, /authorized/)[0]?.params['thread_ts']).toBe(parent);
  });

  test.runIf(DIALECTS.includes('postgres'))(
    'two replicas on one PostgreSQL database announce a completion once',
    async () => {
      const db = await createEmptyTestDatabase('postgres');
      cleanups.push(() => db.drop());
      const a = await start({ databaseUrl: db.dbConfig.url });
      const celigo: FakeCeligo = a.celigo;
      const b = await start({ databaseUrl: db.dbConfig.url, fakeCeligo: celigo, fakeSlack: a.slack });
      const id = await issueLink(a, 'Hooli');
      celigo.authorize(id);
      await Promise.all([
        a.app.services.completion.pollOnce(),
        b.app.services.completion.pollOnce(),
        a.app.services.completion.pollOnce(),
        b.app.services.completion.pollOnce(),
      ]);
      await Promise.all([a.drain(), b.drain()]);
      // A second drain on both proves nothing else was due (rather than sleeping and hoping).
      await Promise.all([a.drain(), b.drain()]);
      expect(threadReplies(a.slack, /authorized/)).toHaveLength(1);
      const completedAudits = (await a.app.storage.audit.query({ connectionId: id })).filter(
        (e) => e.action === 'link.completed',
      );
      expect(completedAudits).toHaveLength(1);
    },
  );
});

test('debug logs of a whole link flow hold no token, secret, link token or authorization URL', async () => {
  const t = await start({ publicUrl: true });
  const id = await issueLink(t, 'Stark');
  const reply = threadReplies(t.slack, /Authorization link created/)[0]!;
  const hosted = /\/l\/([A-Za-z0-9_-]+)/.exec(text(reply))?.[1];
  expect(hosted).toBeTruthy();
  const page = await fetch(`${t.baseUrl}/l/${hosted}/continue`, { method: 'POST', redirect: 'manual' });
  expect(page.status).toBe(303);
  const logs = t.logs.join('\n');
  expect(t.logs.length).toBeGreaterThan(3);
  for (const secret of [t.secret, 'xoxb-test-bot-token', t.celigo.token, hosted!, '/provider/authorize', 'state=']) {
    expect(logs).not.toContain(secret);
  }
  expect(logs).toContain(id); // connection ids are fine to log and help operators
});
