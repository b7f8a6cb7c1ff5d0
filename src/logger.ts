import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear. Secrets must never reach logs: tokens,
 * the signing secret, authorization URLs and Slack response URLs.
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'apiToken',
  '*.apiToken',
  'signingSecret',
  '*.signingSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'authorizationUrl',
  '*.authorizationUrl',
  'authorizationURL',
  '*.authorizationURL',
  'url',
  '*.url',
  'responseUrl',
  '*.responseUrl',
  'response_url',
  '*.response_url',
  'body',
  '*.body',
];

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
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
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
