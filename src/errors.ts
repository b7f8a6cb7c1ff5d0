/**
 * Base class for errors that carry a stable code. Expected outcomes are `Result` values
 * (see services/common/result.ts); these are for the unexpected and for adapter failures.
 */
export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Settings are missing or malformed. The message names variables and fixes, never values. */
export class ConfigError extends AppError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super('config_invalid', `Invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * A short code for logs and metrics, safe to record: a Slack platform error (`data.error`, e.g.
 * `channel_not_found`) or the error's own `code` (`ECONNREFUSED`, `slack_webapi_request_error`). Never the
 * message, which may carry URLs or tokens.
 */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { data, code } = err as { data?: { error?: unknown }; code?: unknown };
  if (typeof data?.error === 'string') return data.error;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}
