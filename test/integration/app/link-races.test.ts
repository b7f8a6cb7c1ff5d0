/**
 * Creating links under pressure, through the real app: a repeated form submission writes to Celigo once,
 * two replicas on one PostgreSQL database leave one pending link, and every failed attempt is in the log.
 */
import { expect, test } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import type { TestApp } from '../../support/app-harness.js';
import { createEmptyTestDatabase, DIALECTS } from '../../support/databases.js';
import { waitFor } from '../../support/slack-requests.js';
import { trackedApps } from '../../support/tracked-apps.js';
import { captureIo } from '../cli/cli-io.js';
import { ephemeralTexts, linkSubmission, metadata, posts } from '../slack/slack-support.js';

const { cleanups, start } = trackedApps();

const writes = (t: TestApp) => t.celigo.apiRequests().filter((r) => r.method === 'PATCH' || r.method === 'PUT');

test('a link form submitted twice changes the landing page once and creates one link', async () => {
  const t = await start();
  const conn = t.celigo.addConnection({ name: 'Acme' });
  const submit = linkSubmission({
    connectionId: conn._id,
    label: 'Acme',
    landingUrl: 'https://partner.example.com/thanks',
    privateMetadata: metadata('C1', 'idem-form-twice'),
  });
  // Slack retries, or a double click on Submit: the same view, the same idempotency key.
  await Promise.all([t.interact(submit), t.interact(submit)]);
  await waitFor(() => ephemeralTexts(t.slack.calls).length === 2);
  await t.interact(submit);
  await waitFor(() => ephemeralTexts(t.slack.calls).length === 3);
  await t.drain();

  expect(writes(t)).toHaveLength(1);
  expect(await t.app.storage.links.listByConnection('T1', conn._id, 10)).toHaveLength(1);
  const audit = await t.app.storage.audit.query({ connectionId: conn._id });
  expect(audit.filter((e) => e.action === 'redirect.set')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'link.generate')).toHaveLength(1);
  expect(posts(t.slack.calls).filter((c) => /Landing page changed/i.test(String(c.params['text'])))).toHaveLength(1);
});

test.runIf(DIALECTS.includes('postgres'))(
  'two replicas on PostgreSQL creating a link for one connection at the same moment leave one pending link',
  async () => {
    for (let round = 0; round < 3; round++) {
      const db = await createEmptyTestDatabase('postgres');
      cleanups.push(() => db.drop());
      const a = await start({ databaseUrl: db.dbConfig.url });
      const b = await start({ databaseUrl: db.dbConfig.url, fakeCeligo: a.celigo, fakeSlack: a.slack });
      const conn = a.celigo.addConnection({ name: `Hooli ${round}` });
      await Promise.all([
        a.command(`link ${conn._id} First`, { userId: 'U1', triggerId: `race-a-${round}` }),
        b.command(`link ${conn._id} Second`, { userId: 'U2', triggerId: `race-b-${round}` }),
      ]);
      const pending = await a.app.storage.links.findOpenByConnection('T1', conn._id);
      const answers = await waitFor(() => {
        const e = ephemeralTexts(a.slack.calls).filter((x) => x.includes(`Hooli ${round}`));
        return e.length >= 2 ? e : undefined;
      });
      expect(pending.length).toBeLessThanOrEqual(1);
      const all = await a.app.storage.links.listByConnection('T1', conn._id, 10);
      const open = all.filter((l) => l.state === 'pending');
      expect(open).toHaveLength(1);
      // Either one replaced the other cleanly, or the loser was told who won.
      const loser = answers.find((x) => /was just created by/.test(x));
      if (loser) expect(loser).toContain(`by ${open[0]!.requestedBy}`);
      else expect(all.map((l) => l.state).sort()).toEqual(['pending', 'superseded']);
      await Promise.all([a.stop({ keepFakes: true }), b.stop({ keepFakes: true })]);
      cleanups.splice(-2);
      await a.celigo.close();
      await a.slack.close();
    }
  },
  60_000,
);

test('failed attempts to create a link are in `audit export` with their reason codes', async () => {
  const t = await start({ env: { REDIRECT_ALLOWED_HOSTS: 'partner.example.com' } });
  const oauth = t.celigo.addConnection({ name: 'Acme' });
  const machine = t.celigo.addConnection({
    name: 'Machine',
    http: { auth: { type: 'oauth', oauth: { grantType: 'clientcredentials' } } },
  });
  await t.command('link 000000000000000000000000 Acme');
  await t.command(`link ${machine._id} Acme`);
  await t.command(`link ${oauth._id} ${'x'.repeat(81)}`);
  const formWithBadLanding = linkSubmission({
    connectionId: oauth._id,
    label: 'Acme',
    landingUrl: 'https://evil.example.net/',
    privateMetadata: metadata('C1', 'idem-bad-landing'),
  });
  const res = await t.interact(formWithBadLanding);
  expect(await res.json()).toMatchObject({ response_action: 'errors' });
  await waitFor(async () => (await t.app.storage.audit.query({})).length >= 4);

  const io = captureIo({ DATABASE_URL: t.databaseUrl });
  expect(await runCli(['audit', 'export'], io)).toBe(0);
  const rows = io
    .out()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string; result: string; detail: string | null });
  const refusals = rows.filter((r) => r.action === 'link.generate' && r.result === 'refused').map((r) => r.detail);
  expect(refusals).toEqual(
    expect.arrayContaining(['connection_not_found', 'not_oauth', 'label_invalid', 'redirect_not_allowed']),
  );
  expect(t.celigo.apiRequests().filter((r) => r.method !== 'GET')).toEqual([]);
});
