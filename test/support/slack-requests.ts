/** Builds signed requests the way Slack sends them (docs/slack.md, "Signed requests"). */
import { createHmac } from 'node:crypto';

export function signedHeaders(
  secret: string,
  rawBody: string,
  ts = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex')}`,
  };
}

/** Slash commands are form-encoded. */
export const form = (o: Record<string, string>): string => new URLSearchParams(o).toString();

/** Interactivity (block_actions, view_submission, block_suggestion) is `payload=<json>`, form-encoded. */
export const interactive = (payload: object): string => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

export async function postSigned(
  url: string,
  secret: string,
  body: string,
  opts: { contentType?: string; timestamp?: number; signature?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    ...signedHeaders(secret, body, opts.timestamp),
  };
  if (opts.signature !== undefined) headers['x-slack-signature'] = opts.signature;
  return fetch(url, { method: 'POST', body, headers });
}

/** Polls until `check` returns a value (ack() precedes side effects, so assert on what follows it). */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  ms = 3000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for a condition`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
