/**
 * Base class for errors that carry a stable code. Expected outcomes are `Result` values
 * (see services/result.ts); these are for the unexpected and for adapter failures.
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
