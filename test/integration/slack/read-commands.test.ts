/** connections, status, audit (with paging) and the Re-authorize button, through the real app. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS, VIEWS } from '../../../src/blocks/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';
import { buttonClick, buttonValue, ephemeralTexts, responses } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.stop();
});

describe('read-only commands', () => {
  it('connections lists OAuth 2.0 connections with their state, filtered', async () => {
    const a = t.celigo.addConnection({ name: 'Shopify <EU>', offline: false });
    t.celigo.addConnection({ name: 'Salesforce' });
    t.celigo.addNonOAuthConnection('Shopify token');
    await t.command('connections shop');
    const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[0]);
    expect(answer).toContain(a._id);
    expect(answer).toContain('Shopify &lt;EU&gt;');
    expect(answer).toContain('online');
    expect(answer).not.toContain('Salesforce');
    expect(answer).not.toContain('Shopify token');
  });

  it('status shows state, landing page and the pending link', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    await t.command(`link ${conn._id} Acme Corp`);
    await waitFor(() => ephemeralTexts(t.slack.calls)[0]);
    await t.command(`status ${conn._id}`);
    const answer = await waitFor(() => ephemeralTexts(t.slack.calls)[1]);
    expect(answer).toContain('offline');
    expect(answer).toContain('Pending links');
    expect(answer).toContain('Acme Corp');
  });

  it('audit shows the latest entries only to the caller, and Older pages back', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    for (let i = 0; i < 18; i++) await t.command(`status ${conn._id}`);
    await waitFor(async () => (await t.app.storage.audit.query({})).length >= 18, 10_000);
    await t.command(`audit ${conn._id}`);
    // The status answers may still be arriving, so look for the audit page itself, not the next answer.
    const page = await waitFor(() => responses(t.slack.calls).find((c) => buttonValue(c, ACTIONS.auditOlder)));
    expect(page.params['response_type']).toBe('ephemeral');
    const older = buttonValue(page, ACTIONS.auditOlder);
    expect(older).toBeTruthy();
    await t.interact(
      buttonClick({
        actionId: ACTIONS.auditOlder,
        value: older ?? '',
        responseUrl: `${t.slack.baseUrl}/response/older`,
      }),
    );
    const next = await waitFor(() => t.slack.callsOf('/response/older')[0]);
    expect(next.params['replace_original']).toBe(true);
    const firstSeqs = [...JSON.stringify(page.params['blocks']).matchAll(/`#(\d+)`/g)].map((m) => Number(m[1]));
    const nextSeqs = [...JSON.stringify(next.params['blocks']).matchAll(/`#(\d+)`/g)].map((m) => Number(m[1]));
    expect(nextSeqs.length).toBeGreaterThan(0);
    expect(Math.max(...nextSeqs)).toBeLessThan(Math.min(...firstSeqs));
  });
});

describe('Re-authorize', () => {
  it('opens the link modal pre-filled with the connection', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    await t.interact(
      buttonClick({
        actionId: ACTIONS.reauthorize,
        value: JSON.stringify({ id: conn._id, name: 'Acme' }),
        responseUrl: `${t.slack.baseUrl}/response/reauth`,
        triggerId: 'trig-reauth',
      }),
    );
    const open = await waitFor(() => t.slack.callsOf('views.open')[0]);
    expect(open.params['trigger_id']).toBe('trig-reauth');
    const json = JSON.stringify(open.params['view']);
    expect(json).toContain(`"callback_id":"${VIEWS.link}"`);
    expect(json).toContain(`"value":"${conn._id}"`);
    expect(JSON.parse((open.params['view'] as { private_metadata: string }).private_metadata)).toMatchObject({
      c: 'C1',
    });
  });
});
