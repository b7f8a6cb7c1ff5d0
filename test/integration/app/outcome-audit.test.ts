/**
 * Every outcome of an action is in the audit log with its reason code, refusals and the user's own mistakes
 * included: redirect previews, Confirm, Cancel and Undo on a missing, closed or expired change, and Revoke.
 */
import { afterEach, expect, test } from 'vitest';
import { ACTIONS } from '../../../src/blocks/ids.js';
import { runCli } from '../../../src/cli/main.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { waitFor } from '../../support/slack-requests.js';
import { captureIo } from '../cli/cli-io.js';
import { buttonClick, buttonValue, responses } from '../slack/slack-support.js';

let t: TestApp;
afterEach(async () => {
  await t.stop();
});

interface Row {
  action: string;
  result: string;
  connectionId: string | null;
  detail: string | null;
}

async function exported(): Promise<Row[]> {
  const io = captureIo({ DATABASE_URL: t.databaseUrl });
  expect(await runCli(['audit', 'export'], io)).toBe(0);
  return io
    .out()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
}

/** Runs a slash command and waits for its answer on response_url. */
async function answered(text: string): Promise<string> {
  const before = responses(t.slack.calls).length;
  await t.command(text);
  const call = await waitFor(() => responses(t.slack.calls)[before]);
  return JSON.stringify(call.params);
}

/** Clicks a button and waits for the answer on its own response_url. */
async function click(actionId: string, value: string, name: string): Promise<string> {
  await t.interact(buttonClick({ actionId, value, responseUrl: `${t.slack.baseUrl}/response/${name}` }));
  const call = await waitFor(() => t.slack.callsOf(`/response/${name}`)[0], 8000);
  return JSON.stringify(call.params);
}

async function previewId(connId: string, url: string): Promise<string> {
  const before = responses(t.slack.calls).length;
  await t.command(`redirect ${connId} ${url}`);
  const call = await waitFor(() => responses(t.slack.calls)[before]);
  return buttonValue(call, ACTIONS.redirectConfirm) ?? '';
}

test('redirect previews refused for the user’s mistakes are in `audit export` with their codes', async () => {
  t = await startTestApp({ env: { REDIRECT_ALLOWED_HOSTS: 'partner.example.com' } });
  const conn = t.celigo.addConnection({ name: 'Acme' });
  const token = t.celigo.addNonOAuthConnection('Token API');
  expect(await answered(`redirect ${conn._id} https://evil.example.net/`)).toContain('Nothing was changed');
  await answered('redirect 000000000000000000000000 https://partner.example.com/x');
  await answered(`redirect ${token._id} https://partner.example.com/x`);

  const rows = (await exported()).filter((r) => r.action === 'redirect.preview');
  expect(rows.map((r) => `${r.result}:${r.detail}`)).toEqual([
    'refused:redirect_not_allowed',
    'refused:connection_not_found',
    'refused:not_oauth',
  ]);
  expect(rows[2]?.connectionId).toBe(token._id);
  expect(t.celigo.apiRequests().filter((r) => r.method !== 'GET')).toEqual([]);
});

test('Confirm, Cancel and Undo on a missing, closed or expired change, and Revoke of a missing link, are audited', async () => {
  const clock = new FixedClock(new Date());
  t = await startTestApp({ overrides: { clock } });
  const conn = t.celigo.addConnection({ name: 'Acme' });

  const missing = 'change-that-never-was';
  expect(await click(ACTIONS.redirectConfirm, missing, 'c-missing')).toContain('no longer exists');
  await click(ACTIONS.redirectUndo, missing, 'u-missing');
  await click(ACTIONS.revokeLink, 'link-that-never-was', 'r-missing');

  const cancelled = await previewId(conn._id, 'https://new.example.com/a');
  await click(ACTIONS.redirectCancel, cancelled, 'x-ok');
  expect(await click(ACTIONS.redirectConfirm, cancelled, 'c-closed')).toContain('Already done');
  await click(ACTIONS.redirectCancel, cancelled, 'x-closed');
  await click(ACTIONS.redirectUndo, cancelled, 'u-closed');

  const old = await previewId(conn._id, 'https://new.example.com/b');
  clock.advance(31 * 60_000);
  expect(await click(ACTIONS.redirectConfirm, old, 'c-expired')).toContain('Nothing was changed');

  const codes = (await exported()).filter((r) => r.result === 'refused').map((r) => `${r.action} ${r.detail}`);
  expect(codes).toEqual([
    `redirect.set change ${missing}: change_not_found`,
    `redirect.undo change ${missing}: change_not_found`,
    'link.revoked link link-that-never-was: link_not_found',
    `redirect.set change ${cancelled}: change_closed`,
    `redirect.cancel change ${cancelled}: change_closed`,
    `redirect.undo change ${cancelled}: change_closed`,
    `redirect.set change ${old}: change_closed`,
  ]);
  const rows = await exported();
  expect(rows.some((r) => r.action === 'redirect.cancel' && r.result === 'ok')).toBe(true);
  expect(t.celigo.apiRequests().filter((r) => r.method !== 'GET')).toEqual([]);
});
