/**
 * The outbox worker against a misbehaving Slack: outages and rate limits delay delivery but never
 * duplicate or reorder it; errors no retry can fix are given up after a few attempts and logged by code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitFor } from '../../support/slack-requests.js';
import { ephemeralTexts } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.stop();
});

async function createLink(label: string): Promise<string> {
  const conn = t.celigo.addConnection({ name: `Conn ${label}` });
  await t.command(`link ${conn._id} ${label}`);
  await waitFor(() => ephemeralTexts(t.slack.calls).find((x) => x.includes(label)));
  return conn._id;
}

describe('delivering thread messages', () => {
  it('500s and 429s with Retry-After delay delivery, then each message is posted exactly once, in order', async () => {
    const answers: Array<{ n: number; ok: boolean }> = [];
    t.slack.overrides.set('chat.postMessage', (_p, n) => {
      const fail =
        n <= 3
          ? { status: 500, body: { ok: false } }
          : n <= 5
            ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }
            : undefined;
      answers.push({ n, ok: !fail });
      return fail;
    });
    const connId = await createLink('Acme');

    await waitFor(async () => (await t.app.storage.outbox.stats()).sent === 2, 15_000);
    const calls = t.slack.callsOf('chat.postMessage');
    const delivered = calls.filter((_, i) => answers[i]?.ok);
    expect(delivered).toHaveLength(2);
    const [card, reply] = delivered;
    expect(card?.params['thread_ts']).toBeUndefined();
    expect(JSON.stringify(card?.params['blocks'])).toContain('Conn Acme');
    const parentTs = (await t.app.storage.threads.get({ teamId: 'T1', channelId: 'C1', connectionId: connId }))
      ?.parentTs;
    expect(parentTs).toBeTruthy();
    expect(reply?.params['thread_ts']).toBe(parentTs);
    expect(String(reply?.params['text'])).toContain('Authorization link created');

    // The 429 was honoured: the first post after it came at least a second later.
    const firstLimited = calls[3]?.at ?? 0;
    expect((calls[5]?.at ?? 0) - firstLimited).toBeGreaterThanOrEqual(900);
    expect(t.logs.some((l) => l.includes('"code":"rate_limited"'))).toBe(true);
    expect(t.logs.some((l) => l.includes('"code":"http_500"'))).toBe(true);
  });

  it('a channel Slack will not post to is given up after a few attempts, logged by its error code', async () => {
    t.slack.overrides.set('chat.postMessage', () => ({ body: { ok: false, error: 'channel_not_found' } }));
    await createLink('Beta');
    await waitFor(async () => (await t.app.storage.outbox.stats()).dead === 2, 10_000);
    const tries = t.slack.callsOf('chat.postMessage').length;
    expect(tries).toBeGreaterThanOrEqual(3);
    expect(tries).toBeLessThanOrEqual(6);
    expect(t.logs.some((l) => l.includes('Slack delivery given up') && l.includes('"code":"channel_not_found"'))).toBe(
      true,
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(t.slack.callsOf('chat.postMessage').length).toBe(tries);
  });

  it('a reply whose post succeeded but was not marked sent is edited on retry, not posted twice', async () => {
    const connId = await createLink('Gamma');
    await t.drain();
    const key = { teamId: 'T1', channelId: 'C1', connectionId: connId };
    const postsBefore = t.slack.callsOf('chat.postMessage').length;
    // Simulate the crash window: a reply recorded under its ref, its outbox item still due.
    await t.app.storage.outbox.enqueue(
      [
        {
          kind: 'reply',
          thread: key,
          ref: 'test:crash',
          event: { type: 'connection.online', connectionName: 'Conn Gamma' },
        },
      ],
      new Date(),
    );
    await t.app.storage.threads.saveMessageRef('test:crash', 'C1', '1700000000.999999');
    const claimed = await t.app.storage.outbox.claim('crashed-worker', new Date(), 1, 10);
    expect(claimed).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20)); // the crashed worker's lease runs out
    await t.drain();
    expect(t.slack.callsOf('chat.postMessage').length).toBe(postsBefore);
    const edit = t.slack.callsOf('chat.update').find((c) => c.params['ts'] === '1700000000.999999');
    expect(String(edit?.params['text'])).toContain('is online');
  });
});

describe('log hygiene', () => {
  it('logs carry no token, signing secret, authorization URL or response_url', async () => {
    const connId = await createLink('Delta');
    await t.drain();
    const authUrl = t.celigo.authorizationUrlFor(connId).split('&state=')[0] ?? 'never';
    const all = t.logs.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [
      t.config.slack.botToken,
      t.secret,
      t.celigo.token,
      authUrl,
      '/provider/authorize',
      '/response/',
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('waking the worker', () => {
  it('a link reply goes out when it is enqueued, not when the worker next polls', async () => {
    // An interval no test waits out: only the wake-up on enqueue can deliver within the wait below.
    const slow = await startTestApp({ overrides: { outbox: { intervalMs: 600_000 } } });
    try {
      await new Promise((r) => setTimeout(r, 50)); // the worker's first, empty round is over
      const conn = slow.celigo.addConnection({ name: 'Conn Woken' });
      await slow.command(`link ${conn._id} Woken`);
      const reply = await waitFor(
        () => slow.slack.callsOf('chat.postMessage').find((c) => c.params['thread_ts'] !== undefined),
        5_000,
      );
      expect(JSON.stringify(reply.params)).toContain('Woken');
    } finally {
      await slow.stop();
    }
  });
});
