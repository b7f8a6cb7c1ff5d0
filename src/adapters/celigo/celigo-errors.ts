/**
 * The CeligoError subclasses the HTTP client throws, and the status → error class mapping beside the client
 * (the openai-node pattern). Services see only `CeligoError` and its `kind` (ports/celigo-errors.ts).
 */
import { CeligoError, type CeligoErrorDetails, type CeligoErrorEntry } from '../../ports/celigo-errors.js';

export { CeligoError };

const URL_LIKE = /[a-z][a-z0-9+.-]*:\/\/|www\.|\/\/[^\s]/i;
const MAX_QUOTED = 300;

/** Celigo's first `errors[].message`, if it is safe to show (no URL, no control characters), else undefined. */
export function safeCeligoMessage(errors: readonly CeligoErrorEntry[] | undefined): string | undefined {
  const raw = errors?.find((e) => typeof e.message === 'string' && e.message.trim() !== '')?.message;
  if (raw === undefined || URL_LIKE.test(raw)) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const flat = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_QUOTED ? `${flat.slice(0, MAX_QUOTED)}…` : flat;
}

function withCeligoSays(message: string, errors: readonly CeligoErrorEntry[] | undefined): string {
  const said = safeCeligoMessage(errors);
  return said === undefined ? message : `${message} Celigo said: "${said}"`;
}

const where = (d: CeligoErrorDetails): string =>
  d.status === undefined ? `${d.method} ${d.route}` : `${d.method} ${d.route}, HTTP ${d.status}`;

/** 401/403: the token was refused or lacks access to this resource (Q-custom-token-scope). */
export class CeligoAuthError extends CeligoError {
  constructor(details: CeligoErrorDetails) {
    super(
      'auth',
      withCeligoSays(
        `Celigo refused the API token or the token lacks access to this resource (${where(details)}). ` +
          'Check the token is valid for this account and region; a Full-access token may be needed.',
        details.errors,
      ),
      details,
    );
  }
}

export class CeligoNotFoundError extends CeligoError {
  constructor(details: CeligoErrorDetails, message?: string) {
    super(
      'not_found',
      message ?? withCeligoSays(`Celigo has no such connection or resource (${where(details)}).`, details.errors),
      details,
    );
  }
}

export class CeligoValidationError extends CeligoError {
  constructor(details: CeligoErrorDetails) {
    super(
      'validation',
      withCeligoSays(`Celigo rejected the request as invalid (${where(details)}).`, details.errors),
      details,
    );
  }
}

/** Any other 4xx. */
export class CeligoRejectedError extends CeligoError {
  constructor(details: CeligoErrorDetails) {
    super('rejected', withCeligoSays(`Celigo refused the request (${where(details)}).`, details.errors), details);
  }
}

/** 429 that survived our retries. */
export class CeligoRateLimitError extends CeligoError {
  constructor(details: CeligoErrorDetails) {
    super(
      'rate_limited',
      `Celigo is rate-limiting this account and kept refusing after several tries (${where(details)}). Try again in a minute.`,
      details,
    );
  }
}

export class CeligoServerError extends CeligoError {
  constructor(details: CeligoErrorDetails) {
    super(
      'server',
      withCeligoSays(`Celigo had a server error (${where(details)}). Try again shortly.`, details.errors),
      details,
    );
  }
}

export class CeligoTimeoutError extends CeligoError {
  constructor(details: CeligoErrorDetails) {
    super('timeout', `Celigo did not answer in time (${where(details)}). Try again shortly.`, details);
  }
}

export class CeligoConnectionError extends CeligoError {
  constructor(details: CeligoErrorDetails) {
    super(
      'connection',
      `Could not reach Celigo (${where(details)}). Check the network and the Celigo API address.`,
      details,
    );
  }
}

/** A 2xx whose body is not what we expected (e.g. neither `authorizationURL` nor `authorizationUrl`, Q-authorization-url-key). */
export class CeligoResponseShapeError extends CeligoError {
  constructor(details: CeligoErrorDetails, what: string) {
    super('response_shape', `Celigo answered in an unexpected shape (${where(details)}): ${what}.`, details);
  }
}

/**
 * A redirect update that would need a full PUT carrying masked `"******"` secrets (Q-masked-secrets), or that kept
 * racing with other edits. Nothing was written.
 */
export class CeligoUnsafeUpdateError extends CeligoError {
  constructor(details: CeligoErrorDetails, message?: string) {
    super(
      'unsafe_update',
      message ??
        "Celigo refused the targeted update and a full replace would overwrite the connection's stored secrets; " +
          'set the landing page before the connection is authorized, or in integrator.io.',
      details,
    );
  }
}

/** The write was accepted but reading the connection back did not show the new value. */
export class CeligoNotConfirmedError extends CeligoError {
  constructor(details: CeligoErrorDetails, message?: string) {
    super(
      'not_confirmed',
      message ?? 'Celigo accepted the change, but reading the connection back did not show the new value.',
      details,
    );
  }
}

/** Maps a non-2xx HTTP status to its error class (the openai-node pattern). */
export function celigoErrorForStatus(details: CeligoErrorDetails & { readonly status: number }): CeligoError {
  const s = details.status;
  if (s === 401 || s === 403) return new CeligoAuthError(details);
  if (s === 404) return new CeligoNotFoundError(details);
  if (s === 422) return new CeligoValidationError(details);
  if (s === 429) return new CeligoRateLimitError(details);
  if (s >= 500) return new CeligoServerError(details);
  return new CeligoRejectedError(details);
}
