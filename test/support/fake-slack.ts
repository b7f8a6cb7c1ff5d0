/**
 * An in-repo fake of the Slack Web API on loopback (docs/slack.md). The real WebClient talks to it
 * over HTTP via SLACK_API_URL. `overrides` make a method answer differently (errors, 429, 5xx);
 * `response_url` posts land here too, under their own path.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly auth: string | undefined;
  readonly at: number;
}

export interface OverrideResponse {
  status?: number;
  headers?: Record<string, string>;
  body: object;
}
export type Override = (params: Record<string, unknown>, call: number) => OverrideResponse | undefined;

export interface FakeSlack {
  readonly calls: SlackCall[];
  /** Per-method answer; return undefined to fall through to the default answer. */
  readonly overrides: Map<string, Override>;
  /** user-group ID → member user IDs, served by usergroups.users.list. */
  readonly userGroups: Map<string, string[]>;
  readonly apiUrl: string;
  readonly baseUrl: string;
  /** Calls of one method (e.g. `chat.postMessage`). */
  callsOf(method: string): SlackCall[];
  /** Fails the next `times` calls of `method` with the given answer (e.g. 500, or 429 + Retry-After). */
  failNext(method: string, times: number, answer: OverrideResponse): void;
  close(): Promise<void>;
}

const JSON_FIELDS = ['blocks', 'view', 'attachments', 'metadata'];

export async function startFakeSlack(): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const overrides = new Map<string, Override>();
  const userGroups = new Map<string, string[]>();
  const failures = new Map<string, { times: number; answer: OverrideResponse }>();
  const counts = new Map<string, number>();
  let seq = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const method = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\//, '');
      const params: Record<string, unknown> = req.headers['content-type']?.startsWith('application/json')
        ? JSON.parse(raw || '{}')
        : Object.fromEntries(new URLSearchParams(raw));
      for (const k of JSON_FIELDS) {
        const v = params[k];
        if (typeof v === 'string') params[k] = JSON.parse(v);
      }
      calls.push({ method, params, auth: req.headers.authorization, at: Date.now() });
      const n = (counts.get(method) ?? 0) + 1;
      counts.set(method, n);
      const failure = failures.get(method);
      let answer: OverrideResponse | undefined;
      if (failure && failure.times > 0) {
        failure.times -= 1;
        answer = failure.answer;
      } else {
        answer = overrides.get(method)?.(params, n);
      }
      const body = answer?.body ?? defaultAnswer(method, params, () => ++seq, userGroups);
      res.writeHead(answer?.status ?? 200, { 'content-type': 'application/json', ...answer?.headers });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    calls,
    overrides,
    userGroups,
    apiUrl: `http://127.0.0.1:${port}/api/`,
    baseUrl: `http://127.0.0.1:${port}`,
    callsOf: (method) => calls.filter((c) => c.method === method),
    failNext: (method, times, answer) => failures.set(method, { times, answer }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function defaultAnswer(
  method: string,
  params: Record<string, unknown>,
  nextSeq: () => number,
  userGroups: Map<string, string[]>,
): object {
  switch (method) {
    case 'auth.test':
      return {
        ok: true,
        url: 'https://fake.slack.test/',
        team: 'Fake',
        user: 'celigo-bot',
        team_id: 'T1',
        user_id: 'UBOT',
        bot_id: 'BBOT',
      };
    case 'chat.postMessage':
      return {
        ok: true,
        channel: params['channel'],
        ts: `1700000000.${String(nextSeq()).padStart(6, '0')}`,
        message: {},
      };
    case 'chat.update':
      return { ok: true, channel: params['channel'], ts: params['ts'] };
    case 'chat.postEphemeral':
      return { ok: true, message_ts: `1700000000.${String(nextSeq()).padStart(6, '0')}` };
    case 'views.open':
    case 'views.push':
    case 'views.update':
      return { ok: true, view: { id: `V${nextSeq()}`, hash: 'h1', ...(params['view'] as object | undefined) } };
    case 'usergroups.users.list': {
      const users = userGroups.get(String(params['usergroup']));
      return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
    }
    default:
      return { ok: true };
  }
}
