/**
 * The non-Slack HTTP surface, served by the app's own server (server.ts) in both modes. Handlers get the raw
 * request and their promises are not awaited by the server, so every handler here is wrapped: a rejection
 * becomes a 500 page and one log line, never an unhandled rejection.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.js';
import { ROUTES } from '../domain/public-urls.js';
import { errorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { CompletionService, CustomerLinkService } from '../services/index.js';
import { handleContinue, handleLinkPage } from './link-page.js';
import { serverErrorPage, tooManyRequestsPage } from './pages.js';
import { createRateLimiter } from './rate-limit.js';
import { createReadiness, type ReadinessChecks } from './readiness.js';
import { handleRelay } from './relay.js';
import { sendJson, sendPage, sendText } from './respond.js';
import type { HttpRoute, RouteContext, RouteRequest } from './route-context.js';

export interface HttpDeps {
  readonly config: Config;
  /** Only the use cases these routes call (the full Services object fits). */
  readonly services: {
    readonly customerLinks: Pick<CustomerLinkService, 'view' | 'continue'>;
    readonly completion: Pick<CompletionService, 'relayArrived'>;
  };
  readonly metrics: Pick<Metrics, 'registry' | 'httpRequests' | 'relayArrivals'>;
  readonly logger: Logger;
  /** app.ts wires `storage`, Slack `auth.test` and the Celigo token check. */
  readonly readiness: ReadinessChecks;
  readonly rateLimit?: {
    /** Requests per minute per client on `/l/*` and `/relay/*`; default 60. */
    readonly perMinute: number;
    /**
     * Number of reverse proxies in front of the app that append to X-Forwarded-For. 0 (default) ignores
     * the header — it is client-controlled — and keys on the socket's remote address.
     */
    readonly trustedProxyHops?: number;
  };
  /** Readiness cache and timeout, for tests. */
  readonly readinessOptions?: { readonly okTtlMs?: number; readonly failedTtlMs?: number; readonly timeoutMs?: number };
  readonly now?: () => number;
}

export function createHttpRoutes(deps: HttpDeps): HttpRoute[] {
  // app.ts may already hand over a `module: 'http'` child; do not bind the key twice.
  const log = deps.logger.bindings()['module'] === undefined ? deps.logger.child({ module: 'http' }) : deps.logger;
  const limiter = createRateLimiter({
    perMinute: deps.rateLimit?.perMinute ?? 60,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const hops = deps.rateLimit?.trustedProxyHops ?? 0;
  const readiness = createReadiness(deps.readiness, {
    ...deps.readinessOptions,
    ...(deps.now ? { now: deps.now } : {}),
    // Only the error's kind: messages of HTTP clients can carry URLs.
    onFailure: (check, err) =>
      log.warn(
        { check, errorType: err instanceof Error ? err.name : typeof err, code: errorCode(err) },
        'Readiness check failed.',
      ),
  });

  const route = (
    path: string,
    method: string | string[],
    handler: (ctx: RouteContext) => Promise<void> | void,
    opts: { limited?: boolean; acceptsBody?: boolean } = {},
  ): HttpRoute => ({
    path,
    method,
    acceptsBody: opts.acceptsBody === true,
    handler: (req, res) => {
      const requestId = randomUUID();
      // The route template is the label: never the path, which carries tokens.
      res.on('finish', () => deps.metrics.httpRequests.inc({ route: path, status: String(res.statusCode) }));
      const ctx: RouteContext = { req, res, requestId, log: log.child({ route: path, requestId }) };
      void (async () => {
        if (opts.limited) {
          const verdict = limiter.take(clientKey(req, hops));
          if (!verdict.allowed) {
            ctx.log.info('Rate limit reached.');
            req.resume();
            sendPage(res, tooManyRequestsPage(verdict.retryAfterSeconds));
            return;
          }
        }
        await handler(ctx);
      })().catch((err: unknown) => {
        ctx.log.error({ err }, 'HTTP route failed.');
        if (!res.headersSent) sendPage(res, serverErrorPage(requestId));
        else res.destroy();
      });
    },
  });

  return [
    route(ROUTES.health, 'GET', ({ res }) => sendText(res, 200, 'text/plain; charset=utf-8', 'ok\n')),
    route(ROUTES.ready, 'GET', async ({ res }) => {
      const report = await readiness.check();
      const ready = report.database === 'ok' && report.slack === 'ok' && report.celigo !== 'failed';
      sendJson(res, ready ? 200 : 503, report);
    }),
    route(ROUTES.metrics, 'GET', async ({ res }) => {
      const text = await deps.metrics.registry.metrics();
      sendText(res, 200, deps.metrics.registry.contentType, text);
    }),
    route(ROUTES.linkPage, 'GET', (ctx) => handleLinkPage(ctx, deps.services.customerLinks), { limited: true }),
    // GET here is a reload after Continue (or a scanner): it shows the link page again and changes nothing.
    route(
      ROUTES.linkContinue,
      ['GET', 'POST'],
      (ctx) =>
        ctx.req.method === 'POST'
          ? handleContinue(ctx, deps.services.customerLinks)
          : handleLinkPage(ctx, deps.services.customerLinks),
      { limited: true, acceptsBody: true },
    ),
    route(
      ROUTES.relay,
      'GET',
      (ctx) =>
        handleRelay(ctx, deps.services.completion, (matched) =>
          deps.metrics.relayArrivals.inc({ outcome: matched ? 'matched' : 'unmatched' }),
        ),
      { limited: true },
    ),
  ];
}

/** The socket address, or with trusted proxies the address the outermost trusted proxy saw. */
function clientKey(req: RouteRequest, hops: number): string {
  const direct = req.socket.remoteAddress ?? 'unknown';
  if (hops <= 0) return direct;
  const header = req.headers['x-forwarded-for'];
  const chain = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Each trusted proxy appends the address it received from; entries further left are client-supplied.
  return chain[chain.length - hops] ?? direct;
}
