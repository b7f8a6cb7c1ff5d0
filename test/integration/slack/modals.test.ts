/** Modals: opened on the trigger id within the ack budget, typeahead options, and validation on submit. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, BLOCKS, VIEWS } from '../../../src/blocks/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';
import { buttonClick, ephemeralTexts, linkSubmission, metadata, optionsRequest, posts } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ env: { REDIRECT_ALLOWED_HOSTS: 'example.com,*.example.com' } });
});
afterEach(async () => {
  await t.stop();
});

describe('opening modals', () => {
  it('/celigo alone opens the chooser on the trigger id, answering within 3 s', async () => {
    const started = Date.now();
    const res = await t.command('', { triggerId: 'trig-menu' });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const open = await waitFor(() => t.slack.callsOf('views.open')[0]);
    expect(open.params['trigger_id']).toBe('trig-menu');
    expect(open.params['view']).toMatchObject({ callback_id: VIEWS.chooser });
    expect(t.celigo.apiRequests()).toHaveLength(0);
  });

  it('link without arguments opens the link modal carrying only the channel and an idempotency key', async () => {
    await t.command('link', { triggerId: 'trig-link', channelId: 'C777' });
    const open = await waitFor(() => t.slack.callsOf('views.open')[0]);
    expect(open.params['trigger_id']).toBe('trig-link');
    const view = open.params['view'] as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(VIEWS.link);
    const meta = JSON.parse(view.private_metadata) as Record<string, unknown>;
    expect(Object.keys(meta).sort()).toEqual(['c', 'k']);
    expect(meta['c']).toBe('C777');
  });

  it('redirect without arguments opens the landing-page modal', async () => {
    await t.command('redirect', { triggerId: 'trig-redirect' });
    const open = await waitFor(() => t.slack.callsOf('views.open')[0]);
    expect(open.params['view']).toMatchObject({ callback_id: VIEWS.redirect });
  });

  it('a chooser button swaps the modal for the chosen one', async () => {
    const res = await t.interact(
      buttonClick({
        actionId: ACTIONS.chooseLink,
        value: '',
        responseUrl: `${t.slack.baseUrl}/response/chooser`,
        view: { id: 'V9', hash: 'h9', private_metadata: metadata('C1'), callback_id: VIEWS.chooser },
      }),
    );
    expect(res.status).toBe(200);
    const update = await waitFor(() => t.slack.callsOf('views.update')[0]);
    expect(update.params['view_id']).toBe('V9');
    expect(update.params['view']).toMatchObject({ callback_id: VIEWS.link });
  });
});

describe('the connection picker', () => {
  it('answers a typeahead request with the matching OAuth 2.0 connections', async () => {
    const shop = t.celigo.addConnection({ name: 'Shopify Production' });
    t.celigo.addConnection({ name: 'Salesforce' });
    t.celigo.addNonOAuthConnection('Shopify token-based');
    const res = await t.interact(optionsRequest('shop'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { options: Array<{ text: { text: string }; value: string }> };
    expect(body.options.map((o) => o.value)).toEqual([shop._id]);
    expect(body.options[0]?.text.text).toContain('Shopify Production');
  });
});

describe('submitting the link modal', () => {
  it('a landing page that is not allowed is answered with a field error, audited, and nothing changes', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    const before = t.celigo.apiRequests().length;
    const res = await t.interact(
      linkSubmission({ connectionId: conn._id, label: 'Acme', landingUrl: 'http://evil.test/steal' }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([BLOCKS.landingUrl]);
    expect(body.errors[BLOCKS.landingUrl]).toMatch(/https/);
    await new Promise((r) => setTimeout(r, 100));
    expect(t.celigo.apiRequests().length).toBe(before);
    // Nothing changed, and the attempt is on record with its reason.
    const audit = await t.app.storage.audit.query({});
    expect(audit.map((e) => `${e.action} ${e.result} ${e.detail}`)).toEqual([
      'link.generate refused redirect_not_allowed',
    ]);
  });

  it('an empty customer label is a field error on the label block', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    const res = await t.interact(linkSubmission({ connectionId: conn._id, label: '   ' }));
    const body = (await res.json()) as { errors: Record<string, string> };
    expect(Object.keys(body.errors)).toEqual([BLOCKS.customerLabel]);
  });

  it('a forged private_metadata is refused as an out-of-date form', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    const res = await t.interact(
      linkSubmission({ connectionId: conn._id, label: 'Acme', privateMetadata: '{"c":"C1","userId":"UADMIN"}' }),
    );
    const body = (await res.json()) as { errors: Record<string, string> };
    expect(body.errors[BLOCKS.connection]).toMatch(/out of date/);
    expect(t.celigo.apiRequests()).toHaveLength(0);
  });

  it('a valid submission closes the modal, creates the link and tells the caller', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme CRM' });
    const res = await t.interact(linkSubmission({ connectionId: conn._id, label: 'Acme Inc' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await waitFor(() => ephemeralTexts(t.slack.calls).find((x) => x.includes('Link created')));
    const eph = t.slack.callsOf('chat.postEphemeral')[0];
    expect(eph?.params).toMatchObject({ channel: 'C1', user: 'U1' });
    await t.drain();
    expect(posts(t.slack.calls)).toHaveLength(2);

    // The same form submitted twice (same idempotency key) issues one link.
    await t.interact(linkSubmission({ connectionId: conn._id, label: 'Acme Inc' }));
    await waitFor(() => ephemeralTexts(t.slack.calls).find((x) => x.includes('already created')));
    await t.drain();
    expect(posts(t.slack.calls)).toHaveLength(2);
  });
});

describe('link with a connection but no customer label', () => {
  it('opens the link modal with the connection already chosen', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    await t.command(`link ${conn._id}`, { triggerId: 'trig-partial' });
    const open = await waitFor(() => t.slack.callsOf('views.open')[0]);
    expect(open.params['trigger_id']).toBe('trig-partial');
    expect(JSON.stringify(open.params['view'])).toContain(
      `"initial_option":{"text":{"type":"plain_text","text":"${conn._id}"`,
    );
  });
});
