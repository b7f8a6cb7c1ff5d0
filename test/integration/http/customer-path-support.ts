/**
 * Shared by the hosted-link integration test and the browser test: a tiny loopback landing page (the
 * partner's "thanks" page), and helpers that read the app's Slack traffic from the fake Slack.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestApp } from '../../support/app-harness.js';

export interface LandingServer {
  readonly url: string;
  /** Path and query of every visit, in order (browsers also ask for /favicon.ico). */
  readonly hits: string[];
  close(): Promise<void>;
}

export async function startLandingServer(): Promise<LandingServer> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/favicon.ico') hits.push(url.pathname + url.search);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><html lang="en"><head><title>Partner landing</title></head><body><h1>Welcome back</h1></body></html>',
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/thanks`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const HOSTED_LINK = /http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9_-]{20,100}/g;

/** Every hosted link the app posted to Slack, oldest first. */
export function hostedLinksPosted(app: TestApp): string[] {
  const found: string[] = [];
  for (const call of app.slack.callsOf('chat.postMessage')) {
    for (const m of JSON.stringify(call.params).matchAll(HOSTED_LINK)) if (!found.includes(m[0])) found.push(m[0]);
  }
  return found;
}

/** Text of every thread reply and edit the app sent (postMessage and update), as one string per call. */
export function slackTexts(app: TestApp): string[] {
  return app.slack.calls
    .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
    .map((c) => JSON.stringify(c.params));
}

/** Drains the outbox until `predicate` holds, or fails after `timeoutMs`. Returns the elapsed ms. */
export async function drainUntil(app: TestApp, predicate: () => boolean, timeoutMs = 5_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    await app.drain();
    if (predicate()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `/celigo link <id> <label>` by an operator; resolves with the hosted link once it reached Slack. */
export async function createHostedLink(app: TestApp, connectionId: string, label: string): Promise<string> {
  const before = hostedLinksPosted(app).length;
  const res = await app.command(`link ${connectionId} ${label}`);
  if (res.status !== 200) throw new Error(`command answered ${res.status}`);
  await drainUntil(app, () => hostedLinksPosted(app).length > before);
  const link = hostedLinksPosted(app).at(-1);
  if (!link) throw new Error('no hosted link posted');
  return link;
}
