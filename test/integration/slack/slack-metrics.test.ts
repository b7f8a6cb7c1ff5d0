/** `/metrics` counts Slack traffic: commands, actions, options and submissions with outcomes, and ack latency. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';
import { ephemeralTexts, optionsRequest } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.stop();
});

const scrape = async (): Promise<string> => (await fetch(`${t.baseUrl}/metrics`)).text();

/** The value of one sample line, or 0 when the series does not exist yet. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

it('Slack request counters and the ack-latency histogram grow after a command and an options request', async () => {
  const command = 'celigo_bot_slack_requests_total{type="command",name="/celigo",outcome="acked"}';
  const options = 'celigo_bot_slack_requests_total{type="options",name="connection_select",outcome="acked"}';
  const ackCount = 'celigo_bot_slack_ack_seconds_count{type="command",name="/celigo"}';
  const before = await scrape();
  expect(sample(before, command)).toBe(0);

  await t.command('help');
  await waitFor(() => ephemeralTexts(t.slack.calls).length === 1);
  await t.command('help');
  await t.interact(optionsRequest('acme'));

  // A request is counted once its listener has finished, which is after its ack and its turn in line.
  const after = await waitFor(async () => {
    const text = await scrape();
    return sample(text, command) === 2 && sample(text, options) === 1 ? text : undefined;
  });
  expect(sample(after, options)).toBe(1);
  expect(sample(after, ackCount)).toBe(2);
  expect(sample(after, 'celigo_bot_slack_ack_seconds_bucket{le="3",type="command",name="/celigo"}')).toBe(2);
});

it('the post-ack line of the process is reported: commands waiting while a Slack request is arriving', async () => {
  const waiting = 'celigo_bot_slack_post_ack{state="waiting"}';
  const running = 'celigo_bot_slack_post_ack{state="running"}';
  const idle = await scrape();
  expect(sample(idle, waiting)).toBe(0);
  expect(sample(idle, running)).toBe(0);
  expect(idle).toContain(waiting);

  // A request whose body has not finished keeps the door busy: acknowledged commands wait behind it.
  const { request } = await import('node:http');
  const url = new URL(`${t.baseUrl}/slack/events`);
  const slow = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: { 'content-length': '100' },
  });
  slow.on('error', () => {});
  slow.write('x');
  await new Promise((r) => setTimeout(r, 50));
  await t.command('help');
  await t.command('help');
  const busy = await waitFor(async () => {
    const text = await scrape();
    return sample(text, waiting) === 2 ? text : undefined;
  });
  expect(sample(busy, running)).toBe(0);
  // A sender that never finishes holds the work back for a second at most: the answers come although the
  // slow request is still open.
  await waitFor(() => ephemeralTexts(t.slack.calls).length === 2);
  slow.destroy();
});
