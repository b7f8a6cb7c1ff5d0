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

describe('outbound Slack calls', () => {
  it('go through the app’s own fetch, never the global one: the answer, the card, the reply', async () => {
    const global = globalThis.fetch;
    const toSlack: string[] = [];
    let baseUrl = '';
    // Clients keep the fetch they were built with, so the count is in place before this app starts. It
    // counts only what reaches the fake Slack (the harness's own requests go to the app).
    globalThis.fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (baseUrl !== '' && url.startsWith(baseUrl)) toSlack.push(new URL(url).pathname);
      return global(input, init);
    };
    const own = await startTestApp();
    try {
      baseUrl = own.slack.baseUrl;
      const conn = own.celigo.addConnection({ name: 'Acme Shopify' });
      await own.command(`link ${conn._id} Acme Corp`);
      await waitFor(() => ephemeralTexts(own.slack.calls).find((x) => x.includes('Link created')));
      await own.drain();
      expect(posts(own.slack.calls)).toHaveLength(2);
    } finally {
      globalThis.fetch = global;
      await own.stop();
    }
    expect(toSlack).toEqual([]);
  });
});
