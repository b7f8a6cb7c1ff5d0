/**
 * Socket Mode when Slack cannot be reached at start: the app starts anyway (health, customer pages and
 * outbox do not depend on the socket) and keeps trying until the connection opens. A refusal Slack means
 * (a wrong app token) stops the start with the reason.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { type FakeSocketMode, startFakeSocketMode } from '../../support/fake-socket-mode.js';
import { waitFor } from '../../support/slack-requests.js';

let slack: FakeSlack;
let socket: FakeSocketMode;
let t: TestApp | undefined;

const start = () =>
  startTestApp({
    fakeSlack: slack,
    env: { SLACK_APP_TOKEN: 'xapp-1-test-app-token' },
    overrides: { socketRetry: { firstDelayMs: 20, maxDelayMs: 50 } },
  });

beforeEach(async () => {
  slack = await startFakeSlack();
  socket = await startFakeSocketMode(slack);
  t = undefined;
});
afterEach(async () => {
  await t?.stop();
  await socket.close();
  await slack.close();
});

it('starts while Slack answers 503, serves its routes, and connects once Slack is back', async () => {
  slack.failNext('apps.connections.open', 3, { status: 503, body: { ok: false } });
  t = await start();
  expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  await socket.connected();
  expect(slack.callsOf('apps.connections.open')).toHaveLength(4);
  expect(t.logs.some((l) => l.includes('Socket Mode keeps trying'))).toBe(true);
  await waitFor(() => t?.logs.find((l) => l.includes('Socket Mode connected.')));
  const ack = await socket.deliver('slash_commands', {
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    command: t.config.slack.command,
    text: 'help',
    response_url: `${slack.baseUrl}/response/after-outage`,
    trigger_id: 'trigger-after-outage',
  });
  expect(ack.ms).toBeLessThan(3000);
});

it('a stop while Slack is still unreachable ends the tries', async () => {
  slack.failNext('apps.connections.open', 1_000, { status: 503, body: { ok: false } });
  t = await start();
  await waitFor(() => slack.callsOf('apps.connections.open').length >= 3);
  await t.stop();
  const tries = slack.callsOf('apps.connections.open').length;
  await new Promise((r) => setTimeout(r, 150));
  expect(slack.callsOf('apps.connections.open')).toHaveLength(tries);
  t = undefined;
});

it('an app token Slack refuses stops the start with the reason', async () => {
  slack.failNext('apps.connections.open', 1, { body: { ok: false, error: 'invalid_auth' } });
  await expect(start()).rejects.toThrow(/invalid_auth/);
  expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
});
