/**
 * Socket Mode end to end: the real app with SLACK_APP_TOKEN set, its Socket Mode client pointed (through
 * SLACK_API_URL) at the fake Web API, which hands out the fake Socket Mode server's ws:// URL. Envelopes go
 * in over the WebSocket; the app must ack each one within 3 s, and its HTTP routes stay on HOST:PORT.
 */
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/blocks/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../../support/fake-slack.js';
import { type FakeSocketMode, startFakeSocketMode } from '../../support/fake-socket-mode.js';
import { waitFor } from '../../support/slack-requests.js';
import { buttonClick, ephemeralTexts, linkSubmission } from '../slack/slack-support.js';

let slack: FakeSlack;
let socket: FakeSocketMode;
let t: TestApp;

beforeEach(async () => {
  slack = await startFakeSlack();
  socket = await startFakeSocketMode(slack);
  t = await startTestApp({ fakeSlack: slack, publicUrl: true, env: { SLACK_APP_TOKEN: 'xapp-1-test-app-token' } });
  await socket.connected();
});
afterEach(async () => {
  await t.stop();
  await socket.close();
  await slack.close();
});

let n = 0;
const command = (text: string) => {
  n += 1;
  return socket.deliver('slash_commands', {
    token: 'x',
    team_id: 'T1',
    team_domain: 'partner',
    channel_id: 'C1',
    channel_name: 'customers',
    user_id: 'U1',
    user_name: 'staff',
    command: t.config.slack.command,
    text,
    api_app_id: 'A1',
    response_url: `${slack.baseUrl}/response/socket-${n}`,
    trigger_id: `trigger-socket-${n}`,
  });
};

const text = (c: SlackCall) => `${String(c.params['text'] ?? '')} ${JSON.stringify(c.params['blocks'] ?? '')}`;
const threadReplies = (pattern: RegExp) =>
  slack.callsOf('chat.postMessage').filter((c) => c.params['thread_ts'] && pattern.test(text(c)));

/** Is anything accepting TCP connections on host:port? */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe('Socket Mode', () => {
  it('opens the connection through SLACK_API_URL and serves the HTTP routes on HOST only', async () => {
    expect(slack.callsOf('apps.connections.open')).toHaveLength(1);
    expect(slack.callsOf('apps.connections.open')[0]?.auth).toBe('Bearer xapp-1-test-app-token');
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    // HOST=127.0.0.1: another loopback address on the same port finds nobody listening.
    expect(await accepts('127.0.0.1', t.app.port)).toBe(true);
    expect(await accepts('127.0.0.2', t.app.port)).toBe(false);
  });

  it('a malformed escape in a public path is answered and the app stays up', async () => {
    for (const path of ['/l/%E0%A4%A', '/relay/%E0%A4%A']) {
      expect((await fetch(`${t.baseUrl}${path}`)).status).toBe(404);
    }
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  it('runs the link flow: command (acked within 3 s) → thread → completion through the relay', async () => {
    const conn = t.celigo.addConnection({ name: 'Socket Shop' });
    const ack = await command(`link ${conn._id} Socket Customer`);
    expect(ack.ms).toBeLessThan(3000);
    await waitFor(() => threadReplies(/Authorization link created/).length > 0);
    await t.app.services.completion.pollOnce();
    t.celigo.authorize(conn._id);
    const relay = await fetch(`${t.baseUrl}/relay/${conn._id}`, { redirect: 'manual' });
    expect(relay.status).toBe(200);
    await t.drain();
    await waitFor(() => threadReplies(/authorized/).length > 0);
    expect(threadReplies(/authorized/)).toHaveLength(1);
  });

  it('a modal submission is acked within 3 s and creates the link', async () => {
    const conn = t.celigo.addConnection({ name: 'Modal Shop' });
    const ack = await socket.deliver('interactive', linkSubmission({ connectionId: conn._id, label: 'Modal Inc' }));
    expect(ack.ms).toBeLessThan(3000);
    await waitFor(() => ephemeralTexts(slack.calls).find((x) => x.includes('Link created')));
  });

  it('a button click is acked within 3 s and acts', async () => {
    const ack = await socket.deliver(
      'interactive',
      buttonClick({
        actionId: ACTIONS.chooseLink,
        value: '',
        responseUrl: `${slack.baseUrl}/response/socket-click`,
        view: { id: 'V9', hash: 'h9', private_metadata: JSON.stringify({ c: 'C1', k: 'k1' }), callback_id: 'x' },
      }),
    );
    expect(ack.ms).toBeLessThan(3000);
    const update = await waitFor(() => slack.callsOf('views.update')[0]);
    expect(update.params['view_id']).toBe('V9');
  });

  it('an events_api envelope is acked within 3 s', async () => {
    const ack = await socket.deliver('events_api', {
      token: 'x',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev1',
      event_time: 1_700_000_000,
      event: { type: 'subteam_updated', subteam: { id: 'S1', users: [] }, event_ts: '1700000000.000100' },
    });
    expect(ack.ms).toBeLessThan(3000);
  });

  it('reconnects after the server drops the socket, and the next command works', async () => {
    socket.drop();
    await waitFor(() => (socket.connections >= 2 ? true : undefined), 10_000);
    await socket.connected();
    const conn = t.celigo.addConnection({ name: 'After Reconnect' });
    const ack = await command(`link ${conn._id} Reconnected`);
    expect(ack.ms).toBeLessThan(3000);
    await waitFor(() => threadReplies(/Authorization link created/).length > 0);
    expect(slack.callsOf('apps.connections.open').length).toBeGreaterThanOrEqual(2);
  });
});
