/**
 * A connection deleted (or no longer OAuth 2.0) after it was picked in the link or landing-page form is a
 * field error: the form stays open with the error on the connection. The check must fit the ack; when
 * Celigo is slower than that, the form closes and the answer comes as an ephemeral message, as before.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BLOCKS } from '../../../src/blocks/ids.js';
import { FIELD_CHECK_MS } from '../../../src/slack/listeners/views/connection-field.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';
import { ephemeralTexts, linkSubmission, metadata, posts, redirectSubmission } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ env: { REDIRECT_ALLOWED_HOSTS: 'example.com,*.example.com' } });
});
afterEach(async () => {
  await t.stop();
});

/** An id that looks right but that integrator.io no longer has (deleted after it was picked). */
const GONE = 'aaaaaaaaaaaaaaaaaaaaaaaa';

const link = (connectionId: string, key: string) =>
  linkSubmission({ connectionId, label: 'Acme', privateMetadata: metadata('C1', key) });
const redirect = (connectionId: string) => redirectSubmission({ connectionId, url: 'https://new.example.com/x' });

async function fieldError(payload: object): Promise<string> {
  const res = await t.interact(payload);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
  expect(body.response_action).toBe('errors');
  expect(Object.keys(body.errors)).toEqual([BLOCKS.connection]);
  return body.errors[BLOCKS.connection] ?? '';
}

/** Refusals of `action` once `count` are recorded: they are audited after the ack, with the work that follows it. */
async function refusals(action: string, count = 2): Promise<string[]> {
  const recorded = async () => {
    const rows = await t.app.storage.audit.query({});
    return rows.filter((e) => e.action === action && e.result === 'refused').map((e) => e.detail ?? '');
  };
  await waitFor(async () => (await recorded()).length >= count).catch(() => undefined);
  return (await recorded()).sort();
}

async function nothingElse(): Promise<void> {
  await t.drain();
  expect(ephemeralTexts(t.slack.calls)).toEqual([]);
  expect(posts(t.slack.calls)).toEqual([]);
  expect(t.celigo.apiRequests().filter((r) => r.method !== 'GET')).toEqual([]);
  expect(await t.app.storage.redirectChanges.listApplied('T1', GONE, 5)).toEqual([]);
}

it('the link form stays open with an error on a connection that is gone or not OAuth 2.0', async () => {
  const token = t.celigo.addNonOAuthConnection('Token API');
  expect(await fieldError(link(GONE, 'idem-gone-0001'))).toContain('no longer exists');
  expect(await fieldError(link(token._id, 'idem-token-0001'))).toContain('no longer an OAuth 2.0 connection');
  expect(await refusals('link.generate')).toEqual(['connection_not_found', 'not_oauth']);
  await nothingElse();
  expect(await t.app.storage.links.listByConnection('T1', token._id, 5)).toEqual([]);
});

it('the landing-page form stays open with an error on a connection that is gone or not OAuth 2.0', async () => {
  const token = t.celigo.addNonOAuthConnection('Token API');
  expect(await fieldError(redirect(GONE))).toContain('no longer exists');
  expect(await fieldError(redirect(token._id))).toContain('no longer an OAuth 2.0 connection');
  expect(await refusals('redirect.preview')).toEqual(['connection_not_found', 'not_oauth']);
  await nothingElse();
});

it('a picked connection that is fine passes the check: the link is created as before', async () => {
  const conn = t.celigo.addConnection({ name: 'Acme' });
  const res = await t.interact(link(conn._id, 'idem-fine-0001'));
  expect(await res.text()).not.toContain('response_action');
  const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[0]);
  expect(answer).toContain('Link created for Acme');
});

it('when Celigo is slower than the ack allows, the form closes and the answer comes ephemerally', async () => {
  // Only the first lookup (the one inside the ack) is held; the use case's own lookup answers at once.
  t.celigo.failNext({ path: new RegExp(`/connections/${GONE}`) }, { delayMs: FIELD_CHECK_MS + 700 });
  const started = Date.now();
  const res = await t.interact(link(GONE, 'idem-slow-0001'));
  const waited = Date.now() - started;
  expect(res.status).toBe(200);
  expect(await res.text()).not.toContain('response_action');
  expect(waited).toBeGreaterThanOrEqual(FIELD_CHECK_MS - 50);
  expect(waited).toBeLessThan(3000);
  const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[0], 8000);
  expect(answer).toContain('Nothing was changed');
  expect(await refusals('link.generate', 1)).toEqual(['connection_not_found']);
});
