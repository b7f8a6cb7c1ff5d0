/**
 * HTTP transport for integrator.io: bearer + JSON headers, per-attempt timeouts, retries for GET only
 * (undici's retry interceptor), the `{errors:[...]}` envelope, and status → error mapping.
 * It never logs bodies, query values, the token or full URLs — only method, route template, status and ms.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Agent, Dispatcher, RetryHandler } from 'undici';
import type { Logger } from '../../logger.js';
import { loadUndici } from '../load-undici.js';
import { CeligoConnectionError, type CeligoError, CeligoTimeoutError, celigoErrorForStatus } from './celigo-errors.js';
import { parseErrorEnvelope } from './celigo-schemas.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** How to reach Celigo: the one options type of the transport and of `createCeligoGateway`. */
export interface CeligoTransportOptions {
  /** e.g. https://api.integrator.io — no /v1; the transport appends /v1/... */
  readonly baseUrl: string;
  readonly apiToken: string;
  /** Per attempt (headersTimeout/bodyTimeout). */
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** Each call is logged at debug: method, route template, status, ms — never bodies, query values or tokens. */
  readonly logger: Logger;
  /** Default 500; tests use ~5. */
  readonly minRetryDelayMs?: number;
  /** Default 8000 (also caps Retry-After). */
  readonly maxRetryDelayMs?: number;
  /** Metrics hook, called once per call (after any retries). */
  readonly onRequest?: (info: { method: string; route: string; status: number | 'error'; durationMs: number }) => void;
}

export interface CallSpec {
  readonly method: HttpMethod;
  /** Path template for logs, metrics and errors, e.g. `/v1/connections/:id`. */
  readonly route: string;
  /** Absolute URL on the Celigo origin (see `CeligoTransport.url`). */
  readonly url: URL;
  /** JSON body; omitted when undefined. */
  readonly body?: unknown;
}

export interface CeligoResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, or undefined when empty (204). */
  readonly body: unknown;
  readonly url: URL;
}

/** Statuses worth another try for an idempotent GET (rate limit and transient server trouble). */
const RETRY_STATUSES = [429, 500, 502, 503, 504];
/** Socket-level failures worth another try for a GET. Timeouts are not retried: they already cost a full wait. */
const RETRY_ERROR_CODES = [
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
];
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

interface RetryableError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly headers?: Record<string, string | string[] | undefined>;
}

/**
 * undici's default policy plus jitter: honours Retry-After (whole seconds from Celigo, capped at
 * `maxDelayMs`), otherwise backs off `minDelayMs × 2ⁿ` capped at `maxDelayMs`.
 */
function retryPolicy(o: { maxRetries: number; minDelayMs: number; maxDelayMs: number }): RetryHandler.RetryCallback {
  return (err, { state, opts }, cb) => {
    const { statusCode, code, headers } = err as Error & RetryableError;
    if (opts.method !== 'GET') return cb(err);
    if (code && code !== 'UND_ERR_REQ_RETRY' && !RETRY_ERROR_CODES.includes(code)) return cb(err);
    if (statusCode !== undefined && !RETRY_STATUSES.includes(statusCode)) return cb(err);
    if (state.counter > o.maxRetries) return cb(err);
    const retryAfter = retryAfterMs(headers?.['retry-after']);
    const base =
      retryAfter !== undefined
        ? retryAfter
        : o.minDelayMs * 2 ** Math.max(0, state.counter - 1) * (0.75 + Math.random() * 0.5);
    const delay = Math.min(base, o.maxDelayMs);
    setTimeout(() => cb(null), delay).unref?.();
  };
}

function retryAfterMs(v: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(v) ? v[0] : v;
  if (raw === undefined || raw.trim() === '') return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

interface Dispatchers {
  readonly agent: Agent;
  readonly retrying: Dispatcher;
  readonly request: typeof import('undici')['request'];
}

export class CeligoTransport {
  private readonly origin: string;
  private readonly prefix: string;
  private dispatchers: Promise<Dispatchers> | undefined;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly log: Logger;
  private readonly overallBudgetMs: number;

  constructor(private readonly opts: CeligoTransportOptions) {
    const base = new URL(opts.baseUrl);
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      throw new Error('The Celigo API address must be an http(s) URL.');
    }
    this.origin = base.origin;
    this.prefix = base.pathname.replace(/\/+$/, '');
    const minDelayMs = opts.minRetryDelayMs ?? 500;
    const maxDelayMs = opts.maxRetryDelayMs ?? 8000;
    this.minDelayMs = minDelayMs;
    this.maxDelayMs = maxDelayMs;
    // The composition root may already have bound a module name; avoid a duplicate key in the JSON line.
    this.log = opts.logger.bindings()['module'] === undefined ? opts.logger.child({ module: 'celigo' }) : opts.logger;
    // A hard stop across all attempts and waits, on a precise timer (undici's per-attempt timers are coarse).
    this.overallBudgetMs = opts.timeoutMs * (opts.maxRetries + 1) + maxDelayMs * opts.maxRetries + 1000;
  }

  private connect(): Promise<Dispatchers> {
    this.dispatchers ??= loadUndici().then(({ Agent, interceptors, request }) => {
      const { opts, minDelayMs, maxDelayMs } = this;
      const agent = new Agent({ connect: { timeout: opts.timeoutMs } });
      // PUT/PATCH/POST go through the plain agent: they are never retried automatically.
      const retrying = agent.compose(
        interceptors.retry({
          maxRetries: opts.maxRetries,
          minTimeout: minDelayMs,
          maxTimeout: maxDelayMs,
          methods: ['GET'],
          statusCodes: RETRY_STATUSES,
          errorCodes: RETRY_ERROR_CODES,
          // Hand back the final response so we can parse Celigo's { errors: [...] } envelope.
          throwOnError: false,
          retry: retryPolicy({ maxRetries: opts.maxRetries, minDelayMs, maxDelayMs }),
        }),
      );
      return { agent, retrying, request };
    });
    return this.dispatchers;
  }

  /** `path` starts with `/v1/`; query values are appended by the caller via `searchParams`. */
  url(path: string): URL {
    return new URL(`${this.origin}${this.prefix}${path}`);
  }

  /** One call; answers any HTTP status. Throws only CeligoTimeoutError or CeligoConnectionError. */
  async send(spec: CallSpec): Promise<CeligoResponse> {
    const started = performance.now();
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.opts.apiToken}`,
      accept: 'application/json',
      'user-agent': 'celigo-oauth-bot',
    };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const { agent, retrying, request } = await this.connect();
      const res = await request(spec.url, {
        dispatcher: spec.method === 'GET' ? retrying : agent,
        method: spec.method,
        headers,
        body: spec.body === undefined ? null : JSON.stringify(spec.body),
        // Per attempt. undici checks these on a coarse timer (about 1 s resolution), fine for seconds-long limits.
        headersTimeout: this.opts.timeoutMs,
        bodyTimeout: this.opts.timeoutMs,
        signal: AbortSignal.timeout(this.overallBudgetMs),
      });
      const text = await res.body.text();
      const response: CeligoResponse = {
        status: res.statusCode,
        headers: res.headers,
        body: parseBody(text),
        url: spec.url,
      };
      this.record(spec, res.statusCode, started);
      return response;
    } catch (err) {
      this.record(spec, 'error', started);
      throw this.transportError(spec, err);
    }
  }

  /** Like `send`, but any non-2xx becomes the matching CeligoError. */
  async call(spec: CallSpec): Promise<CeligoResponse> {
    const res = await this.send(spec);
    if (res.status < 200 || res.status >= 300) throw this.statusError(spec, res);
    return res;
  }

  statusError(spec: Pick<CallSpec, 'method' | 'route'>, res: CeligoResponse): CeligoError {
    return celigoErrorForStatus({
      method: spec.method,
      route: spec.route,
      status: res.status,
      errors: parseErrorEnvelope(res.body),
    });
  }

  async close(): Promise<void> {
    if (this.dispatchers) await (await this.dispatchers).agent.close();
  }

  private record(spec: CallSpec, status: number | 'error', started: number): void {
    const durationMs = Math.round(performance.now() - started);
    this.log.debug({ method: spec.method, route: spec.route, status, ms: durationMs }, 'Celigo call');
    this.opts.onRequest?.({ method: spec.method, route: spec.route, status, durationMs });
  }

  private transportError(spec: CallSpec, err: unknown): CeligoError {
    const details = { method: spec.method, route: spec.route, cause: err };
    const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
    const name = err instanceof Error ? err.name : '';
    if ((typeof code === 'string' && TIMEOUT_CODES.has(code)) || name === 'TimeoutError' || name === 'AbortError') {
      return new CeligoTimeoutError(details);
    }
    return new CeligoConnectionError(details);
  }
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML page or plain text: keep it, callers tolerate it (docs/celigo-api.md, "Errors").
    return text;
  }
}
