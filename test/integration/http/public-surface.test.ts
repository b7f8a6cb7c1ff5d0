/**
 * The public pages as a hostile visitor sees them, through the real app in HTTP mode: nothing secret in the
 * log, an anonymous `?error=` fails nothing, the relay cannot flood Slack, oversized or unsigned bodies are
 * refused before they are buffered.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createHostedLink, drainUntil, slackTexts } from './customer-path-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ publicUrl: true, env: { AUDIT_CHANNEL_ID: 'C0AUDIT' } });
});
afterEach(async () => {
  await t.stop();
});

const get = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });
const tokenOf = (link: string) => link.split('/l/')[1] ?? '';

/** Sends `size` bytes to POST /slack/events without a signature; resolves with the status. */
function unsignedPost(url: string, size: number, chunked: boolean): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) }),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    // The server may answer and close before the whole body is sent: that is the point.
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err),
    );
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = (): void => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

describe('the public surface', () => {
  it('a reload of /continue shows the link page again; neither it nor HEAD on the relay puts a token or code in the log', async () => {
    const conn = t.celigo.addConnection({ name: 'Logged Co' });
    const link = await createHostedLink(t, conn._id, 'Logged Customer');
    expect((await fetch(`${link}/continue`, { method: 'POST', redirect: 'manual' })).status).toBe(303);
    const reload = await get(`${link}/continue`);
    expect(reload.status).toBe(200);
    expect(await reload.text()).toContain('Authorize Logged Co');
    const head = await get(`${t.baseUrl}/relay/${conn._id}?code=SECRET-OAUTH-CODE-42&state=SECRET-STATE-42`, {
      method: 'HEAD',
    });
    expect(head.status).toBeLessThan(400);
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(tokenOf(link));
    expect(logs).not.toContain('SECRET-OAUTH-CODE-42');
    expect(logs).not.toContain('SECRET-STATE-42');
  });

  it('an anonymous ?error= on the relay leaves the link usable and the thread without a failure', async () => {
    const conn = t.celigo.addConnection({ name: 'Victim Co' });
    const link = await createHostedLink(t, conn._id, 'Victim Customer');
    const hit = await get(`${t.baseUrl}/relay/${conn._id}?error=access_denied`);
    expect(hit.status).toBe(200);
    await t.drain();
    expect((await get(link)).status).toBe(200);
    expect(slackTexts(t).join('\n')).not.toMatch(/failed|did not finish|no longer usable/);
    expect((await t.app.storage.links.findOpenByConnection('T1', conn._id)).length).toBe(1);
  });

  it('after Continue, a provider error tells the thread once that the customer did not finish; the link stays open', async () => {
    const conn = t.celigo.addConnection({ name: 'Denied Co' });
    const link = await createHostedLink(t, conn._id, 'Denied Customer');
    await fetch(`${link}/continue`, { method: 'POST', redirect: 'manual' });
    for (let i = 0; i < 3; i += 1) await get(`${t.baseUrl}/relay/${conn._id}?error=access_denied`);
    await drainUntil(t, () => slackTexts(t).some((x) => x.includes('did not finish (provider said: access_denied)')));
    expect(slackTexts(t).filter((x) => x.includes('did not finish'))).toHaveLength(1);
    expect((await get(link)).status).toBe(200);
  });

  it('60 relay hits with made-up parameter names produce at most 3 Slack posts, none echoing a name', async () => {
    const conn = t.celigo.addConnection({ name: 'Flooded Co' });
    await createHostedLink(t, conn._id, 'Flooded Customer');
    await t.drain();
    const before = t.slack.callsOf('chat.postMessage').length;
    for (let i = 0; i < 60; i += 1) {
      const res = await get(`${t.baseUrl}/relay/${conn._id}?floodname${i}=1`);
      expect(res.status).toBeLessThan(500);
    }
    await t.drain();
    const after = t.slack.callsOf('chat.postMessage');
    expect(after.length - before).toBeLessThanOrEqual(3);
    expect(JSON.stringify(after.map((c) => c.params))).not.toContain('floodname');
    // Arrivals are still counted.
    expect(await (await get(`${t.baseUrl}/metrics`)).text()).toContain(
      'celigo_bot_relay_arrivals_total{outcome="matched"} 60',
    );
  });

  it('a relay hit with a 15 KB parameter name is answered quickly (Node refuses headers over 16 KB itself)', async () => {
    const conn = t.celigo.addConnection({ name: 'Long Co' });
    await createHostedLink(t, conn._id, 'Long Customer');
    const name = 'a.'.repeat(7500);
    await get(`${t.baseUrl}/relay/${conn._id}?warm=1`);
    const started = performance.now();
    const res = await get(`${t.baseUrl}/relay/${conn._id}?${name}=1`);
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    // The whole round trip, Celigo check included; the quadratic scan alone used to take ~300 ms at 16 KB.
    expect(ms).toBeLessThan(150);
  });

  it.each([false, true])('a 2 MB unsigned body to /slack/events is answered 413 (chunked: %s)', async (chunked) => {
    expect(await unsignedPost(t.eventsUrl, 2 * 1024 * 1024, chunked)).toBe(413);
    expect((await get(`${t.baseUrl}/healthz`)).status).toBe(200);
  });
});
