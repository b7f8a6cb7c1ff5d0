import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line: tokens, the signing secret, authorization headers and URLs,
 * customer links and Slack response URLs (`url`), request bodies. They are blanked at the top of a line and
 * one level down (`{ req: { url } }`), and `headers.authorization` at either depth. A child logger's own
 * fields are checked at their top level only (pino formats them once, without `formatters`): give a child
 * flat ids, never objects.
 */
export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  'token',
  'botToken',
  'appToken',
  'apiToken',
  'signingSecret',
  'authorization',
  'authorizationUrl',
  'authorizationURL',
  'url',
  'responseUrl',
  'response_url',
  'body',
]);
const CENSOR = '[redacted]';

/**
 * The top level is pino's own redaction (one check per key). The level below is `redactNested`: pino's
 * wildcard paths (`*.token`) run every value of every line, strings and numbers included, through a
 * redactor that parses all the wildcard paths again each time, which made a log line cost 7 µs instead of
 * 0.6 µs and allocated about 25 KB per `/celigo status` (docs/architecture.md, "Logging").
 */
const TOP_LEVEL_PATHS = [...REDACTED_KEYS, 'headers.authorization'];

/** A copy of a line's fields with the secrets one level down blanked; the fields themselves when none. */
export function redactNested(fields: Record<string, unknown>): Record<string, unknown> {
  let out = fields;
  for (const key in fields) {
    const value = fields[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Error) continue;
    const inner = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const k in inner) {
      if (REDACTED_KEYS.has(k)) {
        copy ??= { ...inner };
        copy[k] = CENSOR;
      }
    }
    const headers = inner['headers'];
    if (headers !== null && typeof headers === 'object' && 'authorization' in headers) {
      copy ??= { ...inner };
      copy['headers'] = { ...headers, authorization: CENSOR };
    }
    if (copy) {
      if (out === fields) out = { ...fields };
      out[key] = copy;
    }
  }
  return out;
}

/** Drops request configs and bodies that libraries attach to errors (they can carry tokens). */
function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = { type: err.name, message: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out['code'] = code;
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number') out['status'] = status;
  if (err.stack) out['stack'] = err.stack;
  if (err.cause instanceof Error) out['cause'] = serializeError(err.cause);
  return out;
}

export interface LoggerOptions {
  readonly level: string;
  /** Tests pass an in-memory stream; production writes JSON lines to stdout. */
  readonly destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions): Logger {
  return pino(
    {
      level: opts.level,
      redact: { paths: TOP_LEVEL_PATHS, censor: CENSOR },
      formatters: { log: redactNested },
      serializers: { err: serializeError, error: serializeError },
      base: { service: 'celigo-oauth-bot' },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * A pino instance cannot be handed to Bolt directly (it lacks getLevel/setName); this adapts it.
 *
 * Bolt's and web-api's own debug output is dropped on purpose, whatever LOG_LEVEL says: at debug level
 * web-api logs whole request bodies as strings ("http request body: …"), which carry hosted customer
 * links and response URLs that redaction cannot see inside a string. Our own debug logs are unaffected.
 */
export function toBoltLogger(base: Logger): BoltLogger {
  let component: string | undefined;
  const emit = (level: 'info' | 'warn' | 'error', msgs: unknown[]): void => {
    const err = msgs.find((m): m is Error => m instanceof Error);
    const text = msgs
      .filter((m) => m !== err)
      .map((m) => (typeof m === 'string' ? m : safeJson(m)))
      .join(' ');
    base[level]({ component, ...(err ? { err } : {}) }, text);
  };
  return {
    debug: () => undefined,
    info: (...m) => emit('info', m),
    warn: (...m) => emit('warn', m),
    error: (...m) => emit('error', m),
    setLevel: (l: LogLevel) => {
      base.level = l === 'debug' ? 'info' : l;
    },
    // Never report debug, so Bolt and web-api do not even build their debug strings.
    getLevel: () => (['warn', 'error'].includes(base.level) ? base.level : 'info') as LogLevel,
    setName: (n: string) => {
      component = n;
    },
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
