/**
 * The `fetch` the Slack clients use (the Web API client, Bolt's `respond()`, late acks to a response_url):
 * undici's `request` on one keep-alive agent instead of Node's global fetch. Measured on loopback, a global
 * fetch POST cost about 0.75 ms of CPU and this about 0.2 ms: fetch builds WHATWG streams, a Request, a
 * Response and an abort controller per call, and a `/celigo link` makes three such calls (docs/slack.md,
 * "Outbound calls").
 *
 * The answer is read whole before it is handed back (Slack's answers are small JSON documents). The Web API
 * client leaves some bodies unread (a 429, for one); an unread undici body would hold its connection.
 * Anything this does not cover (a FormData body, i.e. a file upload) goes to the global fetch.
 */
import { STATUS_CODES } from 'node:http';
import type { FetchFunction } from '@slack/web-api';
import type { Agent } from 'undici';
import { loadUndici } from '../load-undici.js';

export interface SlackFetchOptions {
  /**
   * Longest wait for an answer's headers, then between parts of its body. The Web API client adds its own
   * overall timeout; `respond()` has none, so without this a silent response_url would hold its caller.
   */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;

/** What the Web API client and Bolt read of an answer (the package does not export the type by name). */
type FetchResponse = Awaited<ReturnType<FetchFunction>>;

export function createSlackFetch(opts: SlackFetchOptions = {}): FetchFunction {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let transport: Promise<{ agent: Agent; request: typeof import('undici')['request'] }> | undefined;
  const load = () => {
    transport ??= loadUndici().then(({ Agent, request }) => ({
      agent: new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs }),
      request,
    }));
    return transport;
  };

  return async (url, init = {}) => {
    if (init.body !== undefined && typeof init.body !== 'string') return globalThis.fetch(url, init);
    const { agent, request } = await load();
    const href = String(url);
    const res = await request(href, {
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers ?? {},
      body: init.body ?? null,
      dispatcher: agent,
      signal: init.signal ?? null,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    return bufferedResponse(href, res.statusCode, res.headers, body);
  };
}

function bufferedResponse(
  url: string,
  status: number,
  raw: Record<string, string | string[] | undefined>,
  body: Buffer,
): FetchResponse {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  const fetchHeaders: FetchResponse['headers'] = {
    get: (name: string) => headers.get(name.toLowerCase()) ?? null,
    entries: () => headers.entries(),
  };
  const text = () => body.toString('utf8');
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: STATUS_CODES[status] ?? '',
    url,
    headers: fetchHeaders,
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
    json: async () => JSON.parse(text()) as unknown,
    text: async () => text(),
  };
}
