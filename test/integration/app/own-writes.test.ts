/**
 * Completion means the customer's authorization, nothing else: every write the app itself makes to a
 * connection (landing page confirmed, Undo, a landing page chosen in the link form, the return relay) moves
 * Celigo's lastModified, and none of them may be announced as "… authorized" on an online connection.
 */
import { afterEach, expect, test } from 'vitest';
import { ACTIONS } from '../../../src/blocks/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import type { SlackCall } from '../../support/fake-slack.js';
import { waitFor } from '../../support/slack-requests.js';
import { buttonClick, buttonValue, linkSubmission, metadata, posts, responses } from '../slack/slack-support.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const text = (c: SlackCall | undefined) => `${String(c?.params['text'])} ${JSON.stringify(c?.params['blocks'])}`;
const completions = (t: TestApp) => posts(t.slack.calls).filter((c) => / authorized /.test(text(c)));

/** Three poll rounds, each followed by delivering whatever they enqueued. */
async function threePollRounds(t: TestApp): Promise<number> {
  let completed = 0;
  for (let i = 0; i < 3; i++) {
    completed += (await t.app.services.completion.pollOnce()).completed;
    await t.drain();
  }
  return completed;
}

async function click(t: TestApp, actionId: string, value: string, name: string): Promise<SlackCall> {
  await t.interact(buttonClick({ actionId, value, responseUrl: `${t.slack.baseUrl}/response/${name}` }));
  return waitFor(() => t.slack.callsOf(`/response/${name}`)[0]);
}

test('no write path of the app produces a completion on an online connection with a pending link', async () => {
  const t = await startTestApp();
  cleanups.push(() => t.stop());
  const conn = t.celigo.addConnection({
    name: 'Initech',
    http: { auth: { oauth: { oauth2RedirectUrl: 'https://old.example.com/done' } } },
  });
  t.celigo.authorize(conn._id); // online: this link is a re-authorization
  await t.command(`link ${conn._id} Initech`);
  await waitFor(() => posts(t.slack.calls).some((c) => /link created for Initech/.test(text(c))));
  const [pending] = await t.app.storage.links.findOpenByConnection('T1', conn._id);
  expect(pending?.offlineAtIssue).toBe(false);
  const modified = () => t.celigo.doc(conn._id).lastModified;
  let seen = modified();

  // 1. An admin's landing-page change, confirmed.
  await t.command(`redirect ${conn._id} https://new.example.com/thanks`);
  const preview = await waitFor(() => responses(t.slack.calls).find((c) => buttonValue(c, ACTIONS.redirectConfirm)));
  expect(
    text(await click(t, ACTIONS.redirectConfirm, buttonValue(preview, ACTIONS.redirectConfirm)!, 'confirm')),
  ).toContain('Landing page set');
  expect(modified()).not.toBe(seen);
  seen = modified();
  expect(await threePollRounds(t)).toBe(0);

  // 2. Its Undo.
  const reply = posts(t.slack.calls).find((c) => buttonValue(c, ACTIONS.redirectUndo) !== undefined);
  expect(text(await click(t, ACTIONS.redirectUndo, buttonValue(reply!, ACTIONS.redirectUndo)!, 'undo'))).toContain(
    'Undone',
  );
  expect(modified()).not.toBe(seen);
  seen = modified();
  expect(await threePollRounds(t)).toBe(0);

  // 3. Another team's link form choosing a landing page (written to Celigo); T1's link stays pending.
  const otherTeam = linkSubmission({
    connectionId: conn._id,
    label: 'Initech EU',
    landingUrl: 'https://eu.example.com/thanks',
    privateMetadata: metadata('C9', 'idem-other-team'),
  });
  await t.interact({ ...otherTeam, team: { id: 'T2', domain: 'other' }, user: { ...otherTeam.user, team_id: 'T2' } });
  await waitFor(() => t.celigo.doc(conn._id).http.auth.oauth.oauth2RedirectUrl === 'https://eu.example.com/thanks');
  await waitFor(async () => (await t.app.storage.links.findOpenByConnection('T2', conn._id)).length === 1);
  expect(modified()).not.toBe(seen);
  expect(await threePollRounds(t)).toBe(0);

  expect(completions(t)).toEqual([]);
  expect((await t.app.storage.links.get(pending!.id))?.state).toBe('pending');

  // The customer's own consent still counts.
  t.celigo.authorize(conn._id);
  expect(await threePollRounds(t)).toBe(2);
  expect(completions(t)).toHaveLength(2);
});

test('the return relay being set by a link in another team is not a completion of this team’s link', async () => {
  const first = await startTestApp();
  const conn = first.celigo.addConnection({ name: 'Initech' });
  first.celigo.authorize(conn._id);
  await first.command(`link ${conn._id} Initech`);
  await waitFor(async () => (await first.app.storage.links.findOpenByConnection('T1', conn._id)).length === 1);
  await first.stop({ keepFakes: true });
  // The same database and Celigo, now with PUBLIC_URL: the next link points Celigo at the relay.
  const t = await startTestApp({
    publicUrl: true,
    databaseUrl: first.databaseUrl,
    fakeCeligo: first.celigo,
    fakeSlack: first.slack,
  });
  cleanups.push(async () => {
    await t.stop();
    await first.celigo.close();
    await first.slack.close();
  });
  const before = t.celigo.doc(conn._id).lastModified;
  await t.command(`link ${conn._id} Initech-EU`, { teamId: 'T2', channelId: 'C9', triggerId: 'trigger-t2' });
  await waitFor(async () => (await t.app.storage.links.findOpenByConnection('T2', conn._id)).length === 1);
  expect(String(t.celigo.doc(conn._id).http.auth.oauth.oauth2RedirectUrl)).toContain('/relay/');
  expect(t.celigo.doc(conn._id).lastModified).not.toBe(before);
  expect(await threePollRounds(t)).toBe(0);
  expect(completions(t)).toEqual([]);
});
