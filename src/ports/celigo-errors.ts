import { AppError } from '../errors.js';

/**
 * The error the Celigo gateway throws. Services switch on `kind`; messages are plain words,
 * safe to show a user. They never carry the API token, a full URL or an authorization URL: `route` is the
 * path template (`/v1/connections/:id`), and Celigo's own `errors[].message` is quoted only when it holds no URL.
 */
export type CeligoErrorKind =
  | 'auth'
  | 'not_found'
  | 'validation'
  | 'rejected'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'response_shape'
  | 'unsafe_update'
  | 'not_confirmed';

/** One entry of Celigo's `{ errors: [...] }` envelope (docs/celigo-api.md, "Errors"). */
export interface CeligoErrorEntry {
  readonly code: string | undefined;
  readonly message: string | undefined;
  readonly field: string | undefined;
}

export interface CeligoErrorDetails {
  readonly method: string;
  /** Path template, e.g. `/v1/connections/:id`; never a full URL. */
  readonly route: string;
  readonly status?: number | undefined;
  /** Parsed `errors[]` from Celigo's answer, when it sent the envelope. */
  readonly errors?: readonly CeligoErrorEntry[] | undefined;
  readonly cause?: unknown;
}

export class CeligoError extends AppError {
  readonly kind: CeligoErrorKind;
  readonly status: number | undefined;
  /** Celigo `errors[].code` values, in order. */
  readonly codes: string[];
  readonly method: string;
  readonly route: string;
  /** The account whose server answered, set by the account router when there are several. */
  account: string | undefined;

  constructor(kind: CeligoErrorKind, message: string, details: CeligoErrorDetails) {
    super(`celigo_${kind}`, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.status = details.status;
    this.codes = (details.errors ?? []).flatMap((e) => (typeof e.code === 'string' ? [e.code] : []));
    this.method = details.method;
    this.route = details.route;
  }
}
