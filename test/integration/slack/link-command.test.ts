/**
 * `/celigo link` through the real app: signed slash command → Bolt → services → fake integrator.io,
 * and the outbox worker → fake Slack thread.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';
import { ephemeralTexts, posts } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.stop();
});

describe('/celigo link <id> <label>', () => {
  it('acks at once, posts the connection card, then the link as a thread reply, and audits it', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme Salesforce' });
    const started = Date.now();
    const res = await t.command(`link ${conn._id} Acme Corp`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);

    const answer = await waitFor(() => ephemeralTexts(t.slack.calls).find((x) => x.includes('Link created')));
    expect(answer).toContain('Acme Corp');
    expect(t.celigo.apiRequests().some((r) => r.path === `/v1/connection/${conn._id}/oauth2`)).toBe(true);

    await t.drain();
    const [card, reply] = posts(t.slack.calls);
    expect(card?.params['channel']).toBe('C1');
    expect(card?.params['thread_ts']).toBeUndefined();
    expect(JSON.stringify(card?.params['blocks'])).toContain('Acme Salesforce');
    expect(reply?.params['thread_ts']).toBe(
      (await t.app.storage.threads.get({ teamId: 'T1', channelId: 'C1', connectionId: conn._id }))?.parentTs,
    );
    expect(reply?.params['unfurl_links']).toBe('false');
    const replyJson = JSON.stringify(reply?.params['blocks']);
    expect(replyJson).toContain('"url":"http://127.0.0.1');
    expect(replyJson).toContain('/provider/authorize');
    expect(replyJson).toContain('<@U1>');

    const audit = await t.app.storage.audit.query({ connectionId: conn._id });
    expect(audit.some((e) => e.action === 'link.generate' && e.result === 'ok' && e.userId === 'U1')).toBe(true);
  });
});
