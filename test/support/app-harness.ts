/**
 * Starts the real app (src/app.ts) on 127.0.0.1 against the fake Slack Web API and the fake
 * integrator.io, with a temp SQLite file (or PostgreSQL), and drives it with signed Slack requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { type AppOverrides, type RunningApp, startApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type FakeCeligo, type FakeCeligoOptions, startFakeCeligo } from './fake-celigo.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { form, interactive, postSigned } from './slack-requests.js';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEST_BOT_TOKEN = 'xoxb-test-bot-token';

export interface TestAppOptions {
  /** Extra or overriding settings (the names in .env.example). */
  readonly env?: Record<string, string>;
  /** Sets PUBLIC_URL to the app's own loopback address (hosted links and the return relay). */
  readonly publicUrl?: boolean;
  readonly celigo?: FakeCeligoOptions;
  /** Reuse fakes across a restart. */
  readonly fakeCeligo?: FakeCeligo;
  readonly fakeSlack?: FakeSlack;
  /** Reuse a database across a restart (`sqlite:<file>` or `postgres://…`). */
  readonly databaseUrl?: string;
  readonly port?: number;
  readonly overrides?: AppOverrides;
}

export interface Who {
  readonly userId?: string;
  readonly channelId?: string;
  readonly teamId?: string;
  readonly triggerId?: string;
}

export interface TestApp {
  readonly baseUrl: string;
  readonly eventsUrl: string;
  readonly slack: FakeSlack;
  readonly celigo: FakeCeligo;
  readonly app: RunningApp;
  readonly config: Config;
  readonly databaseUrl: string;
  /** Every pino line the app wrote, raw JSON. */
  readonly logs: string[];
  readonly secret: string;
  /** Sends a signed slash command; `response_url` points at the fake Slack (`/response/<n>`). */
  command(text: string, who?: Who): Promise<Response>;
  /** Sends a signed interactivity payload (block_actions, view_submission, block_suggestion). */
  interact(payload: object): Promise<Response>;
  /** Runs the outbox worker until nothing is due. */
  drain(): Promise<void>;
  /** Stops the app; `keepFakes` leaves the fakes running for a restart. */
  stop(opts?: { keepFakes?: boolean }): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const slack = opts.fakeSlack ?? (await startFakeSlack());
  const celigo = opts.fakeCeligo ?? (await startFakeCeligo(opts.celigo));
  const tmp = mkdtempSync(path.join(tmpdir(), 'celigo-bot-test-'));
  const databaseUrl = opts.databaseUrl ?? `sqlite:${path.join(tmp, 'bot.sqlite')}`;
  const port = opts.port ?? (opts.publicUrl ? await freePort() : 0);
  const env: Record<string, string> = {
    SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    CELIGO_API_TOKEN: celigo.token,
    CELIGO_API_URL: celigo.baseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'debug',
    POLL_INTERVAL: '1s',
    ...(opts.publicUrl ? { PUBLIC_URL: `http://127.0.0.1:${port}` } : {}),
    ...opts.env,
  };
  const config = loadConfig(env);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(line);
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination });
  const app = await startApp(config, {
    logger,
    slackClientOptions: { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true },
    outbox: { intervalMs: 20, minRetryDelayMs: 10 },
    celigo: { minRetryDelayMs: 5 },
    startPoller: false,
    ...opts.overrides,
  });
  const baseUrl = `http://127.0.0.1:${app.port}`;
  const eventsUrl = `${baseUrl}/slack/events`;
  let responses = 0;

  return {
    baseUrl,
    eventsUrl,
    slack,
    celigo,
    app,
    config,
    databaseUrl,
    logs,
    secret: TEST_SIGNING_SECRET,
    command: (text, who = {}) => {
      responses += 1;
      const body = form({
        token: 'deprecated-verification-token',
        team_id: who.teamId ?? 'T1',
        team_domain: 'partner',
        channel_id: who.channelId ?? 'C1',
        channel_name: 'customers',
        user_id: who.userId ?? 'U1',
        user_name: 'staff',
        command: config.slack.command,
        text,
        api_app_id: 'A1',
        response_url: `${slack.baseUrl}/response/${responses}`,
        trigger_id: who.triggerId ?? `trigger-${responses}`,
      });
      return postSigned(eventsUrl, TEST_SIGNING_SECRET, body);
    },
    interact: (payload) => postSigned(eventsUrl, TEST_SIGNING_SECRET, interactive(payload)),
    drain: async () => {
      for (let i = 0; i < 100; i++) {
        if ((await app.worker.drainOnce()) === 0) return;
      }
    },
    stop: async (stopOpts = {}) => {
      await app.stop();
      if (!stopOpts.keepFakes) {
        if (!opts.fakeSlack) await slack.close();
        if (!opts.fakeCeligo) await celigo.close();
      }
      if (!opts.databaseUrl && !stopOpts.keepFakes) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
