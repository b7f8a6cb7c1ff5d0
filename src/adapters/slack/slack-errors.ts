/** Sorts Slack Web API failures into "try again later" and "will not work however often we try". */
import { ErrorCode } from '@slack/web-api';

export interface SlackFailure {
  /** Short and safe to store or log: a Slack error code or `http_<status>`, never message text or URLs. */
  readonly code: string;
  readonly transient: boolean;
  /** From a 429's Retry-After, when Slack said how long to wait. */
  readonly retryAfterMs?: number;
}

const TRANSIENT_PLATFORM = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

interface LooseError {
  readonly code?: unknown;
  readonly retryAfter?: unknown;
  readonly statusCode?: unknown;
  readonly headers?: unknown;
  readonly data?: { readonly error?: unknown };
}

const seconds = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
};

export function classifySlackError(err: unknown): SlackFailure {
  const e = (err ?? {}) as LooseError;
  switch (e.code) {
    case ErrorCode.RateLimitedError: {
      const ms = seconds(e.retryAfter);
      return { code: 'rate_limited', transient: true, ...(ms === undefined ? {} : { retryAfterMs: ms }) };
    }
    case ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      const headers = (e.headers ?? {}) as Record<string, unknown>;
      const ms = seconds(headers['retry-after']);
      return {
        code: `http_${status}`,
        transient: status >= 500 || status === 429 || status === 408 || status === 0,
        ...(ms === undefined ? {} : { retryAfterMs: ms }),
      };
    }
    case ErrorCode.RequestError:
      return { code: 'network', transient: true };
    case ErrorCode.PlatformError: {
      const code = typeof e.data?.error === 'string' ? e.data.error.slice(0, 60) : 'platform_error';
      return { code, transient: TRANSIENT_PLATFORM.has(code) };
    }
    default:
      // Our own failure (database, a bug): worth retrying, and counted like any other attempt.
      return { code: 'internal', transient: true };
  }
}

/** Slack could not be reached (network, 5xx, rate limit), as opposed to Slack refusing or a bug of ours. */
export function slackUnreachable(err: unknown): boolean {
  const f = classifySlackError(err);
  return f.transient && f.code !== 'internal';
}
