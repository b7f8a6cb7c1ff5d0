/**
 * The Home tab, link reminders and Re-authorize, end to end through the real app: signed Slack events and
 * clicks → services → outbox → fake Slack, with the fake integrator.io standing in for Celigo. Reminder
 * timing runs on a fixed clock (no sleeping).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { ACTIONS, BLOCKS } from '../../../src/blocks/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import type { SlackCall } from '../../support/fake-slack.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { postSigned, waitFor } from '../../support/slack-requests.js';
import { buttonClick, buttonValue, ephemeralTexts, USER, viewSubmission } from '../slack/slack-support.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const HOUR = 3_600_000;

async function start(opts: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const t = await startTestApp(opts);
  cleanups.push(() => t.stop());
  return t;
}

const text = (c: SlackCall) => `${String(c.params['text'] ?? '')} ${JSON.stringify(c.params['blocks'] ?? '')}`;
const replies = (t: TestApp, pattern: RegExp) =>
  t.slack.callsOf('chat.postMessage').filter((c) => c.params['thread_ts'] && pattern.test(text(c)));
const publishes = (t: TestApp, userId: string) =>
  t.slack.callsOf('views.publish').filter((c) => c.params['user_id'] === userId);
const viewText = (c: SlackCall) => JSON.stringify((c.params['view'] as { blocks?: unknown } | undefined)?.blocks);

let events = 0;
async function openHome(t: TestApp, userId: string): Promise<SlackCall> {
  const before = publishes(t, userId).length;
  events += 1;
  const body = JSON.stringify({
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: `EvHome${events}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'app_home_opened', user: userId, channel: 'D1', tab: 'home', event_ts: '1700000000.000100' },
  });
  const res = await postSigned(t.eventsUrl, t.secret, body, { contentType: 'application/json' });
  expect(res.status).toBe(200);
  return waitFor(() => publishes(t, userId)[before]);
}

async function issueLink(t: TestApp, label: string, userId = 'U1'): Promise<string> {
  const doc = t.celigo.addConnection({ name: `Shopify ${label}` });
  const before = replies(t, /Authorization link created/).length;
  expect((await t.command(`link ${doc._id} ${label}`, { userId })).status).toBe(200);
  await waitFor(() => replies(t, /Authorization link created/).length > before);
  return doc._id;
}

/** Two rounds and a drain: a second round must find nothing more to say. */
async function pollTwice(t: TestApp): Promise<void> {
  await t.app.services.completion.pollOnce();
  await t.app.services.completion.pollOnce();
  await t.drain();
}

describe('App Home', () => {
  test('app_home_opened publishes the viewer’s pending link by customer label; the team section only for operators', async () => {
    const t = await start({ env: { CELIGO_BOT_OPERATORS: 'UOPS' } });
    await issueLink(t, 'Acme Corp', 'UOPS');

    const mine = await openHome(t, 'UOPS');
    expect(mine.params['view']).toMatchObject({ type: 'home' });
    expect(viewText(mine)).toContain('Your pending links');
    expect(viewText(mine)).toContain('*Acme Corp*');
    expect(viewText(mine)).toContain('not opened yet');
    expect(viewText(mine)).toContain(ACTIONS.revokeLink);
    expect(viewText(mine)).toContain('Team: pending links');

    const other = await openHome(t, 'UOTHER');
    expect(viewText(other)).toContain('No pending links.');
    expect(viewText(other)).not.toContain('Team:');
    expect(viewText(other)).not.toContain('Acme Corp');
  });

  test('a completion re-publishes the Home tab of the requester who opened it, and only theirs', async () => {
    const t = await start({ env: { CELIGO_BOT_OPERATORS: 'UOPS,UOPS3' } });
    const id = await issueLink(t, 'Globex', 'UOPS');
    await openHome(t, 'UOPS');
    const before = publishes(t, 'UOPS').length;

    t.celigo.authorize(id);
    await pollTwice(t);
    await waitFor(() => replies(t, /authorized/).length > 0);
    const after = publishes(t, 'UOPS');
    expect(after).toHaveLength(before + 1);
    expect(viewText(after.at(-1)!)).toContain('Your recent completions and failures');
    expect(viewText(after.at(-1)!)).toMatch(/Globex\*.*authorized/);
    // UOPS3 never opened the tab: nothing is published for them.
    expect(publishes(t, 'UOPS3')).toHaveLength(0);
  });

  test('more rows than one view holds are paged with Show more', async () => {
    const t = await start();
    for (let i = 0; i < 40; i++) await issueLink(t, `Customer ${String(i).padStart(2, '0')}`);
    const first = await openHome(t, 'U1');
    const blocks = (first.params['view'] as { blocks: unknown[] }).blocks;
    expect(blocks.length).toBeLessThanOrEqual(100);
    const more = buttonValue({ ...first, params: { blocks } }, ACTIONS.homeMore);
    expect(more).toMatch(/^\d+$/);
    const res = await t.interact(
      buttonClick({ actionId: ACTIONS.homeMore, value: more!, responseUrl: `${t.slack.baseUrl}/response/x` }),
    );
    expect(res.status).toBe(200);
    const second = await waitFor(() => publishes(t, 'U1')[1]);
    expect((second.params['view'] as { blocks: unknown[] }).blocks.length).toBeLessThanOrEqual(100);
    expect(viewText(second)).toContain('Back to the top');
    // Every customer is on one of the pages.
    const seen = viewText(first) + viewText(second);
    for (let i = 0; i < 40; i++) expect(seen).toContain(`Customer ${String(i).padStart(2, '0')}`);
  });
});

describe('reminders', () => {
  test('an unopened link gets exactly one reminder after LINK_REMIND_AFTER and one before expiry, none after completion', async () => {
    const clock = new FixedClock('2026-03-02T09:00:00.000Z');
    const t = await start({ overrides: { clock } });
    const id = await issueLink(t, 'Acme');

    clock.advance(23 * HOUR);
    await pollTwice(t);
    expect(replies(t, /has not opened/)).toHaveLength(0);

    clock.advance(1 * HOUR);
    await pollTwice(t);
    const first = replies(t, /has not opened/);
    expect(first).toHaveLength(1);
    expect(text(first[0]!)).toContain('Acme has not opened the link yet; it expires in 48 h');
    expect(text(first[0]!)).toContain('<@U1>');
    expect(text(first[0]!)).toContain(ACTIONS.revokeLink);
    expect(text(first[0]!)).toContain('Create a new link');

    clock.advance(42 * HOUR); // 6 h before the 72 h expiry
    await pollTwice(t);
    const all = replies(t, /has not opened/);
    expect(all).toHaveLength(2);
    expect(text(all[1]!)).toContain('Acme has not opened the link yet; it expires in 6 h');

    t.celigo.authorize(id);
    await pollTwice(t);
    await waitFor(() => replies(t, /authorized/).length > 0);
    clock.advance(5 * HOUR);
    await pollTwice(t);
    expect(replies(t, /has not opened|has not finished/)).toHaveLength(2);
  });

  test('a link completed before the reminder time is never reminded; `off` disables reminders', async () => {
    const clock = new FixedClock('2026-03-02T09:00:00.000Z');
    const t = await start({ overrides: { clock } });
    const id = await issueLink(t, 'Initech');
    t.celigo.authorize(id);
    await pollTwice(t);
    clock.advance(70 * HOUR);
    await pollTwice(t);
    expect(replies(t, /has not opened|has not finished/)).toHaveLength(0);

    const clock2 = new FixedClock('2026-03-02T09:00:00.000Z');
    const off = await start({
      overrides: { clock: clock2 },
      env: { LINK_REMIND_AFTER: 'off', LINK_REMIND_BEFORE_EXPIRY: 'off' },
    });
    await issueLink(off, 'Hooli');
    for (const h of [25, 42, 4]) {
      clock2.advance(h * HOUR);
      await pollTwice(off);
    }
    expect(replies(off, /has not opened|has not finished/)).toHaveLength(0);
  });

  test('an opened link that is not finished gets the other wording', async () => {
    const clock = new FixedClock('2026-03-02T09:00:00.000Z');
    const t = await start({ overrides: { clock }, env: { LINK_REMIND_BEFORE_EXPIRY: 'off' } });
    const id = await issueLink(t, 'Umbrella');
    const [link] = await t.app.storage.links.listByConnection('T1', id, 1);
    clock.advance(22 * HOUR);
    expect(await t.app.storage.links.markOpened(link!.id, clock.now())).toBe(true);
    clock.advance(2 * HOUR);
    await pollTwice(t);
    const r = replies(t, /has not finished/);
    expect(r).toHaveLength(1);
    expect(text(r[0]!)).toContain('Umbrella opened the link 2 h ago but has not finished; it expires in 48 h');
  });
});

describe('Re-authorize', () => {
  test('the form opens with the connection and the last customer label; submitted unchanged it creates a link in the same thread', async () => {
    const t = await start();
    const id = await issueLink(t, 'Acme EU');
    t.celigo.authorize(id);
    await pollTwice(t);
    await waitFor(() => replies(t, /authorized/).length > 0);
    t.celigo.setOffline(id, true);
    await pollTwice(t);
    const [offline] = await waitFor(() => {
      const r = replies(t, /went offline/);
      return r.length ? r : undefined;
    });
    const value = buttonValue(offline!, ACTIONS.reauthorize);
    expect(value).toBeDefined();

    const res = await t.interact(
      buttonClick({ actionId: ACTIONS.reauthorize, value: value!, responseUrl: `${t.slack.baseUrl}/response/r` }),
    );
    expect(res.status).toBe(200);
    const opened = await waitFor(() => t.slack.callsOf('views.open')[0]);
    const view = opened.params['view'] as {
      callback_id: string;
      private_metadata: string;
      blocks: Array<{ block_id?: string; element: { initial_option?: { value: string }; initial_value?: string } }>;
    };
    const picker = view.blocks.find((b) => b.block_id === BLOCKS.connection)!;
    const labelInput = view.blocks.find((b) => b.block_id === BLOCKS.customerLabel)!;
    expect(picker.element.initial_option?.value).toBe(id);
    expect(labelInput.element.initial_value).toBe('Acme EU');

    // Submit exactly what the form shows.
    const submit = viewSubmission({
      callbackId: view.callback_id,
      privateMetadata: view.private_metadata,
      user: USER,
      values: {
        [BLOCKS.connection]: {
          [ACTIONS.connectionSelect]: { type: 'external_select', selected_option: picker.element.initial_option },
        },
        [BLOCKS.customerLabel]: {
          [ACTIONS.customerLabel]: { type: 'plain_text_input', value: labelInput.element.initial_value },
        },
        [BLOCKS.landingUrl]: { [ACTIONS.landingUrl]: { type: 'url_text_input', value: null } },
      },
    });
    expect((await t.interact(submit)).status).toBe(200);
    const created = await waitFor(() => {
      const r = replies(t, /Authorization link created/);
      return r.length === 2 ? r : undefined;
    });
    expect(created[1]!.params['thread_ts']).toBe(created[0]!.params['thread_ts']);
    expect(text(created[1]!)).toContain('Acme EU');
  });
});

describe('drift', () => {
  test('a landing page changed in Celigo produces exactly one drift reply; Put the relay back previews the change', async () => {
    const t = await start({ publicUrl: true });
    const id = await issueLink(t, 'Acme');
    // The link turned the relay on; the first round records what Celigo has.
    await pollTwice(t);
    expect(String(t.celigo.doc(id).http?.auth?.oauth?.oauth2RedirectUrl)).toContain('/relay/');
    expect(replies(t, /changed outside this app/)).toHaveLength(0);

    t.celigo.update(id, { http: { auth: { oauth: { oauth2RedirectUrl: 'https://elsewhere.example.com/done' } } } });
    await pollTwice(t);
    await t.app.services.completion.pollOnce();
    await t.drain();
    const drift = replies(t, /changed outside this app/);
    expect(drift).toHaveLength(1);
    expect(text(drift[0]!)).toContain('https://elsewhere.example.com/done');
    expect(text(drift[0]!)).toContain('polling only');
    const audit = await t.app.storage.audit.query({ connectionId: id });
    expect(audit.map((e) => e.action)).toContain('redirect.drift');
    expect((await t.app.storage.settings.get(id))?.relayActive).toBe(false);

    // The button previews (nothing is written to Celigo until Confirm).
    const value = buttonValue(drift[0]!, ACTIONS.relayRestore);
    expect(value).toBeDefined();
    const writesBefore = t.celigo.apiRequests().filter((r) => r.method !== 'GET').length;
    const res = await t.interact(
      buttonClick({ actionId: ACTIONS.relayRestore, value: value!, responseUrl: `${t.slack.baseUrl}/response/d` }),
    );
    expect(res.status).toBe(200);
    const preview = await waitFor(() =>
      [...t.slack.calls].reverse().find((c) => c.method.startsWith('/response/') && /Confirm/.test(text(c))),
    );
    expect(JSON.stringify(preview.params)).toContain(ACTIONS.redirectConfirm);
    expect(t.celigo.apiRequests().filter((r) => r.method !== 'GET').length).toBe(writesBefore);

    // An app's own change is not drift: confirming the preview announces a normal change, no second drift.
    const changeId = buttonValue({ ...preview, params: { blocks: preview.params['blocks'] } }, ACTIONS.redirectConfirm);
    await t.interact(
      buttonClick({
        actionId: ACTIONS.redirectConfirm,
        value: changeId!,
        responseUrl: `${t.slack.baseUrl}/response/e`,
      }),
    );
    await waitFor(() => String(t.celigo.doc(id).http?.auth?.oauth?.oauth2RedirectUrl).includes('/relay/'));
    await waitFor(() => ephemeralTexts(t.slack.calls).some((a) => a.includes('Landing page set')));
    await pollTwice(t);
    expect(replies(t, /changed outside this app/)).toHaveLength(1);
  });
});

describe('/celigo status', () => {
  test('shows the health history: last authorized, went offline, came back, and links of the last 30 days', async () => {
    const clock = new FixedClock('2026-03-02T09:00:00.000Z');
    const t = await start({ overrides: { clock } });
    const id = await issueLink(t, 'Acme');
    clock.advance(HOUR);
    t.celigo.authorize(id);
    await pollTwice(t);
    clock.advance(HOUR);
    t.celigo.setOffline(id, true);
    await pollTwice(t);
    clock.advance(HOUR);
    t.celigo.setOffline(id, false);
    await pollTwice(t);

    await t.command(`status ${id}`);
    const answer = await waitFor(() => ephemeralTexts(t.slack.calls).find((a) => a.includes('Last authorized')));
    const at = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));
    // In the JSON of the blocks each field is `*Name*\\n<!date^unix^…>`.
    const field = (name: string, iso: string) => `${name}*${String.raw`\n`}<!date^${at(iso)}^`;
    expect(answer).toContain(field('Last authorized', '2026-03-02T10:00:00.000Z'));
    expect(answer).toContain(field('Last went offline', '2026-03-02T11:00:00.000Z'));
    expect(answer).toContain(field('Last came back', '2026-03-02T12:00:00.000Z'));
    expect(answer).toContain('1 completed');
  });
});
