/**
 * Every bad input and every refusal gets a plain-words ephemeral answer and changes nothing; requests
 * that are not signed by Slack are turned away before any listener runs.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { form, postSigned, waitFor } from '../../support/slack-requests.js';
import { ephemeralTexts, posts, responses } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.stop();
});

const writes = () => t.celigo.apiRequests().filter((r) => r.method !== 'GET');

async function nothingChanged(): Promise<void> {
  await t.drain();
  expect(posts(t.slack.calls)).toHaveLength(0);
  expect(writes().filter((r) => r.method === 'PATCH' || r.method === 'PUT')).toHaveLength(0);
  expect(await t.app.storage.outbox.stats()).toEqual({ pending: 0, sent: 0, dead: 0 });
}

describe('bad commands', () => {
  it('an unknown subcommand is answered on the ack itself, pointing at help', async () => {
    const res = await t.command('frobnicate everything');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('/celigo help');
    expect(body.text).toContain('Nothing was changed');
    await nothingChanged();
  });

  it('a missing argument says what to type', async () => {
    const res = await t.command('status');
    const body = (await res.json()) as { text: string };
    expect(body.text).toContain('/celigo status <connection>'.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });

  it('an unknown connection is answered in plain words', async () => {
    await t.command('link 0123456789abcdef01234567 Acme');
    const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[0]);
    expect(answer).toContain('Nothing was changed');
    expect(answer).toMatch(/connection/i);
    await nothingChanged();
  });

  it('a connection that is not OAuth 2.0 is refused', async () => {
    const conn = t.celigo.addNonOAuthConnection('Token API');
    await t.command(`link ${conn._id} Acme`);
    const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[0]);
    expect(answer).toMatch(/OAuth 2\.0/);
    expect(t.celigo.apiRequests().some((r) => r.path.endsWith('/oauth2'))).toBe(false);
    await nothingChanged();
  });

  for (const status of [401, 404, 422, 500]) {
    it(`a Celigo ${status} is reported in plain words and nothing is created`, async () => {
      const conn = t.celigo.addConnection({ name: 'Acme' });
      t.celigo.failNext({ path: /^\/v1\// }, { status, body: { errors: [{ code: 'x', message: 'nope' }] } }, 20);
      await t.command(`link ${conn._id} Acme`);
      const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[0], 8000);
      expect(answer).toContain('Nothing was changed');
      expect(answer).not.toContain(t.celigo.token);
      await nothingChanged();
    });
  }

  it('a Celigo outage while confirming keeps the preview and changes nothing', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    await t.command(`redirect ${conn._id} https://new.example.com/x`);
    const preview = await waitFor(() => responses(t.slack.calls)[0]);
    const changeId = /"action_id":"redirect_confirm"[^}]*"value":"([^"]+)"/.exec(
      JSON.stringify(preview.params['blocks']),
    )?.[1];
    expect(changeId).toBeTruthy();
    t.celigo.failNext({ path: /^\/v1\/connections\// }, { status: 503, body: {} }, 20);
    await t.interact({
      type: 'block_actions',
      team: { id: 'T1', domain: 'p' },
      user: { id: 'U1', username: 'staff', team_id: 'T1' },
      channel: { id: 'C1', name: 'c' },
      trigger_id: 't',
      response_url: `${t.slack.baseUrl}/response/confirm`,
      actions: [{ type: 'button', action_id: 'redirect_confirm', block_id: 'b', value: changeId, action_ts: '1' }],
    });
    const answer = await waitFor(() => t.slack.callsOf('/response/confirm')[0], 8000);
    expect(answer.params['replace_original']).toBe(false);
    expect(String(answer.params['text'])).toContain('Nothing was changed');
    expect(t.celigo.doc(conn._id).http?.auth?.oauth?.oauth2RedirectUrl).toBeUndefined();
  });
});

describe('help', () => {
  it('says everyone may do everything when no roles are configured', async () => {
    await t.command('help');
    const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[0]);
    expect(answer).toContain('everyone in this workspace may do everything');
    expect(answer).toContain('redirect');
  });
});

describe('with roles configured', () => {
  it('help lists what an operator may and may not do, and an admin-only action is refused', async () => {
    await t.stop();
    t = await startTestApp({ env: { CELIGO_BOT_OPERATORS: 'UOPS1', CELIGO_BOT_ADMINS: 'UADM1' } });
    await t.command('help', { userId: 'UOPS1' });
    const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[0]);
    expect(answer).toContain('You may use');
    expect(answer).toContain('Not available to you');
    expect(answer.indexOf('redirect &lt;connection&gt;')).toBeGreaterThan(answer.indexOf('Not available to you'));

    const conn = t.celigo.addConnection({ name: 'Acme' });
    await t.command(`redirect ${conn._id} https://x.example.com/`, { userId: 'UOPS1' });
    const refused = await waitFor(() => ephemeralTexts(t.slack.calls)[1]);
    expect(refused).toContain('Nothing was changed');
    expect(refused).not.toContain('redirect_confirm');
    const denied = await t.app.storage.audit.query({});
    expect(denied.some((e) => e.action === 'access.denied' && e.userId === 'UOPS1')).toBe(true);
  });
});

describe('request signatures', () => {
  const body = () =>
    form({
      command: '/celigo',
      text: 'link 0123456789abcdef01234567 Acme',
      user_id: 'U1',
      team_id: 'T1',
      channel_id: 'C1',
      trigger_id: 'x',
    });

  it('a wrong signature, a stale timestamp or no signature at all gets 401 and no side effect', async () => {
    const wrong = await postSigned(t.eventsUrl, 'not-the-secret', body());
    const stale = await postSigned(t.eventsUrl, t.secret, body(), { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const missing = await fetch(t.eventsUrl, {
      method: 'POST',
      body: body(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([wrong.status, stale.status, missing.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.celigo.apiRequests()).toHaveLength(0);
    expect(t.slack.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(0);
    expect(await t.app.storage.audit.query({})).toHaveLength(0);
  });
});
