/**
 * Serves createHttpRoutes through the app's own HTTP server (the same router as production) on
 * 127.0.0.1:0, with hand-written fakes of the use cases the routes call and pino captured in memory.
 */
import { type Config, loadConfig } from '../../../src/config.js';
import type { AuthLink } from '../../../src/domain/link.js';
import { createHttpRoutes, type HttpDeps } from '../../../src/http/routes.js';
import { close, createHttpServer, listen } from '../../../src/http/server.js';
import { createLogger } from '../../../src/logger.js';
import { createMetrics, type Metrics } from '../../../src/metrics.js';
import type { LinkPageView, RelayOutcome } from '../../../src/services/index.js';

export const TOKEN = 'tOk3n_AbCdEfGhIjKlMnOpQrStUvWx-0123456789';
export const CONNECTION_ID = '5f0c1a2b3c4d5e6f7a8b9c0d';
export const CELIGO_URL = 'https://provider.example.test/oauth/authorize?client_id=abc&state=s3cr3t-state-value';

/** Fake of CustomerLinkService: answers from `views` by token and records every call. */
export class FakeCustomerLinks {
  readonly views = new Map<string, LinkPageView>();
  readonly viewCalls: string[] = [];
  readonly continueCalls: Array<{ token: string; requestId: string }> = [];
  /** What continue answers for an active link; dead links answer with their page. */
  redirectTo = CELIGO_URL;
  /** Rejects the next call with this error. */
  failNext: Error | null = null;

  async view(token: string): Promise<LinkPageView> {
    this.viewCalls.push(token);
    this.throwIfFailing();
    return this.views.get(token) ?? { kind: 'not_found' };
  }

  async continue(token: string, requestId: string): Promise<{ redirectTo: string } | { page: LinkPageView }> {
    this.continueCalls.push({ token, requestId });
    this.throwIfFailing();
    const view = this.views.get(token) ?? { kind: 'not_found' };
    return view.kind === 'active' ? { redirectTo: this.redirectTo } : { page: view };
  }

  private throwIfFailing(): void {
    const err = this.failNext;
    this.failNext = null;
    if (err) throw err;
  }
}

/** Fake of CompletionService.relayArrived. */
export class FakeCompletion {
  outcome: RelayOutcome = { forwardTo: null, status: 'pending' };
  readonly calls: Array<{ connectionId: string; params: Record<string, string>; requestId: string }> = [];

  async relayArrived(connectionId: string, params: URLSearchParams, requestId: string): Promise<RelayOutcome> {
    this.calls.push({ connectionId, params: Object.fromEntries(params), requestId });
    return this.outcome;
  }
}

/** Fake of the readiness checks and the two stores the metrics read. */
export class FakeChecks {
  databaseDown = false;
  slackDown = false;
  celigoDown = false;
  pings = 0;
  slackChecks = 0;
  celigoChecks = 0;
  openLinks: AuthLink[] = [];
  outbox = { pending: 2, sent: 5, dead: 1 };

  readonly storage = {
    ping: async (): Promise<void> => {
      this.pings += 1;
      if (this.databaseDown) throw new Error('connect ECONNREFUSED postgres://db.internal:5432');
    },
    outbox: { stats: async () => this.outbox },
    links: { countOpen: async () => this.openLinks.length },
  };

  async checkSlack(): Promise<void> {
    this.slackChecks += 1;
    if (this.slackDown)
      throw new Error('An API error occurred: invalid_auth (https://slack.example.test/api/auth.test)');
  }

  async checkCeligo(): Promise<void> {
    this.celigoChecks += 1;
    if (this.celigoDown) throw new Error('401 from https://api.integrator.io/v1/tokenInfo');
  }
}

export interface TestServer {
  readonly baseUrl: string;
  readonly links: FakeCustomerLinks;
  readonly completion: FakeCompletion;
  readonly checks: FakeChecks;
  readonly metrics: Metrics;
  readonly config: Config;
  /** Every log line written so far, raw JSON. */
  logs(): string;
  get(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body?: string): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestServer(
  opts: { perMinute?: number; now?: () => number; readinessOptions?: HttpDeps['readinessOptions'] } = {},
): Promise<TestServer> {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(s) } });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'test-signing-secret',
    CELIGO_API_TOKEN: 'celigo-test-token',
    PUBLIC_URL: 'http://127.0.0.1:3000',
  });
  const links = new FakeCustomerLinks();
  const completion = new FakeCompletion();
  const checks = new FakeChecks();
  const metrics = createMetrics({ storage: checks.storage });
  const routes = createHttpRoutes({
    config,
    services: { customerLinks: links, completion },
    metrics,
    logger,
    readiness: checks,
    rateLimit: { perMinute: opts.perMinute ?? 1000 },
    ...(opts.readinessOptions ? { readinessOptions: opts.readinessOptions } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const server = createHttpServer({ routes, logger });
  const port = await listen(server, 0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    links,
    completion,
    checks,
    metrics,
    config,
    logs: () => lines.join(''),
    get: (path, init) => fetch(`${baseUrl}${path}`, { redirect: 'manual', ...init }),
    post: (path, body = '') =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }),
    stop: () => close(server),
  };
}

export const activeView = (over: Partial<Extract<LinkPageView, { kind: 'active' }>> = {}): LinkPageView => ({
  kind: 'active',
  connectionName: 'Salesforce (Acme prod)',
  customerLabel: 'Acme Corp',
  partnerName: 'Northwind Partners',
  expiresAt: new Date('2030-05-14T09:30:00Z'),
  ...over,
});

/** Every page must carry these. */
export function expectSecurityHeaders(res: Response): string[] {
  const problems: string[] = [];
  const csp = res.headers.get('content-security-policy') ?? '';
  if (!csp.includes("default-src 'none'")) problems.push('CSP default-src');
  if (!csp.includes("frame-ancestors 'none'")) problems.push('CSP frame-ancestors');
  if (!csp.includes("base-uri 'none'")) problems.push('CSP base-uri');
  if (res.headers.get('referrer-policy') !== 'no-referrer') problems.push('Referrer-Policy');
  if (res.headers.get('x-frame-options') !== 'DENY') problems.push('X-Frame-Options');
  if (res.headers.get('x-content-type-options') !== 'nosniff') problems.push('X-Content-Type-Options');
  if (res.headers.get('cache-control') !== 'no-store') problems.push('Cache-Control');
  return problems;
}
