/**
 * The app's own HTTP server, the same in HTTP and Socket Mode: it serves the health, metrics, customer and
 * relay routes and, in HTTP mode, hands `POST /slack/events` to Bolt. Bolt's own receivers are not used for
 * these routes because their path matching decodes parameters outside any try/catch (a malformed escape
 * crashed Socket Mode) and their "unhandled request" line logs the path, which carries link tokens.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import { SECURITY_HEADERS } from './html.js';
import type { HttpRoute, RouteRequest } from './route-context.js';

/** Slack's payloads are a few KB; anything near this is not from Slack and is refused before buffering. */
export const SLACK_BODY_LIMIT = 256 * 1024;
/** The whole request (headers and body) must arrive within this, so slow bodies cannot pin memory. */
export const REQUEST_TIMEOUT_MS = 15_000;
export const HEADERS_TIMEOUT_MS = 10_000;
/** Longer paths are not ours; they are answered 404 without being looked at. */
const MAX_PATH_LENGTH = 2048;

export interface HttpServerOptions {
  readonly routes: readonly HttpRoute[];
  readonly logger: Logger;
  /** Counts requests nobody handled, by template (`unmatched` when none) and status. */
  readonly onUnhandled?: (route: string, status: number) => void;
  /** HTTP mode: Bolt's request listener for `POST /slack/events`. */
  readonly slackEvents?: (req: IncomingMessage, res: ServerResponse) => void;
}

interface Compiled {
  readonly route: HttpRoute;
  readonly parts: readonly string[];
  readonly methods: ReadonlySet<string>;
}

const compile = (route: HttpRoute): Compiled => {
  const methods = new Set(typeof route.method === 'string' ? [route.method] : route.method);
  // HEAD works wherever GET does; Node leaves the body out of HEAD responses itself.
  if (methods.has('GET')) methods.add('HEAD');
  return { route, parts: route.path.split('/'), methods };
};

/** Path parameters of `path` under `parts`, or null. A malformed escape yields '' (handlers answer 404). */
function match(parts: readonly string[], segments: readonly string[]): Record<string, string> | null {
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    const seg = segments[i] as string;
    if (part.startsWith(':')) {
      if (seg === '') return null;
      params[part.slice(1)] = safeDecode(seg);
    } else if (part !== seg) return null;
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}

const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? '0') > 0;

function answer(res: ServerResponse, status: number, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${status === 404 ? 'Not found' : status === 405 ? 'Method not allowed' : status === 413 ? 'Request too large' : 'Error'}\n`;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

export function createHttpServer(opts: HttpServerOptions): Server {
  const compiled = opts.routes.map(compile);
  const log = opts.logger;

  /** The one unhandled-request answer: route template, method and status; never the path (it carries tokens). */
  const unhandled = (
    req: IncomingMessage,
    res: ServerResponse,
    template: string,
    status: number,
    extra: Record<string, string> = {},
  ): void => {
    log.info({ route: template, method: req.method, status }, 'Unhandled HTTP request.');
    opts.onUnhandled?.(template, status);
    // The body, if any, is not read: the connection is closed after the answer instead.
    if (hasBody(req)) res.setHeader('connection', 'close');
    answer(res, status, extra);
  };

  /** Calls the handler that takes this request, or answers it as unhandled. */
  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    const refusal = route(req, res);
    if (refusal) unhandled(req, res, refusal.template, refusal.status, refusal.headers);
  };

  type Refusal = { template: string; status: number; headers?: Record<string, string> };
  /** Runs the matching handler and returns null, or says why the request is refused. */
  const route = (req: IncomingMessage, res: ServerResponse): Refusal | null => {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const query = rawUrl.indexOf('?');
    const path = query === -1 ? rawUrl : rawUrl.slice(0, query);
    if (path.length > MAX_PATH_LENGTH || !path.startsWith('/')) return { template: 'unmatched', status: 404 };
    if (opts.slackEvents && path === '/slack/events') {
      if (method !== 'POST') return { template: path, status: 405, headers: { allow: 'POST' } };
      if (Number(req.headers['content-length'] ?? '0') > SLACK_BODY_LIMIT) return { template: path, status: 413 };
      opts.slackEvents(req, res);
      return null;
    }
    const segments = path.split('/');
    const matching = compiled.filter((c) => match(c.parts, segments));
    const first = matching[0];
    if (!first) return { template: 'unmatched', status: 404 };
    const target = matching.find((c) => c.methods.has(method));
    if (!target) {
      const allow = [...new Set(matching.flatMap((c) => [...c.methods]))].join(', ');
      return { template: first.route.path, status: 405, headers: { allow } };
    }
    if (!target.route.acceptsBody && hasBody(req)) return { template: target.route.path, status: 413 };
    (req as RouteRequest).params = match(target.parts, segments) ?? {};
    target.route.handler(req as RouteRequest, res);
    return null;
  };

  const server = createServer((req, res) => {
    try {
      dispatch(req, res);
    } catch (err) {
      // Handlers catch their own failures; this is the router's last line (nothing from the request is logged).
      log.error({ err }, 'HTTP dispatch failed.');
      answer(res, 500);
    }
  });
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  return server;
}

/** Listens on host:port; resolves to the bound port (the real one when port is 0). */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/** Stops accepting connections and closes idle keep-alive ones; resolves when the server is closed. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
