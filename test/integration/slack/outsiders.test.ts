/**
 * Without the role, the forms do not open (the role is checked before views.open), and a typeahead an
 * outsider keeps typing into is audited once a minute, not once per keystroke.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/blocks/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';
import { buttonClick, ephemeralTexts, optionsRequest } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  // U1 (the default sender) has no role; U0OPER9 is the only operator.
  t = await startTestApp({
    env: { CELIGO_BOT_OPERATORS: 'U0OPER9', CELIGO_BOT_ADMINS: 'U0ADMIN8', AUDIT_CHANNEL_ID: 'CAUDIT' },
  });
});
afterEach(async () => {
  await t.stop();
});

const opened = () => t.slack.callsOf('views.open');

it('an outsider’s `link` and `redirect` without arguments open no form and are told why', async () => {
  await t.command('link');
  await t.command('redirect');
  const answers = await waitFor(() => {
    const a = ephemeralTexts(t.slack.calls);
    return a.length === 2 ? a : undefined;
  });
  // The two run side by side, so their answers may come in either order.
  expect(answers.filter((a) => a.includes('needs the operator role'))).toHaveLength(1);
  expect(answers.filter((a) => a.includes('needs the admin role'))).toHaveLength(1);
  expect(opened()).toEqual([]);
  // The operator still gets the form.
  await t.command('link', { userId: 'U0OPER9' });
  await waitFor(() => opened().length === 1);
});

it('an outsider’s Re-authorize click opens no form', async () => {
  await t.interact(
    buttonClick({
      actionId: ACTIONS.reauthorize,
      value: JSON.stringify({ id: 'a'.repeat(24), name: 'Acme' }),
      responseUrl: `${t.slack.baseUrl}/response/reauth`,
    }),
  );
  const answer = await waitFor(
    () => t.slack.callsOf('/response/reauth')[0] ?? t.slack.callsOf('chat.postEphemeral')[0],
  );
  expect(JSON.stringify(answer.params)).toContain('needs the operator role');
  expect(opened()).toEqual([]);
});

it('refused typeahead requests are audited (and mirrored) once per user per minute, not per keystroke', async () => {
  for (const typed of ['a', 'ac', 'acm', 'acme']) {
    const res = await t.interact(optionsRequest(typed));
    expect(await res.json()).toEqual({ options: [] });
  }
  const denied = (await t.app.storage.audit.query({})).filter((e) => e.action === 'access.denied');
  expect(denied).toHaveLength(1);
  await t.drain();
  expect(t.slack.callsOf('chat.postMessage').filter((c) => c.params['channel'] === 'CAUDIT')).toHaveLength(1);
});
