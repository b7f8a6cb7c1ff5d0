import { CeligoError } from '../../ports/celigo-errors.js';

export type CeligoFailureCode = 'celigo_auth' | 'connection_not_found' | 'celigo_rejected' | 'celigo_unavailable';

export interface CeligoFailure {
  readonly code: CeligoFailureCode;
  /** Safe to show the caller: no token, no authorization URL. */
  readonly message: string;
  /** The adapter's error kind, for the audit detail and logs. */
  readonly kind: string;
}

/**
 * Turns a Celigo adapter error into a Result failure. Anything that is not a CeligoError is a bug and is
 * rethrown, so the central error handler sees it.
 */
export function celigoFailure(err: unknown): CeligoFailure {
  if (!(err instanceof CeligoError)) throw err;
  switch (err.kind) {
    case 'auth':
      // Q-custom-token-scope: a Custom-scoped token may lack access to this connection or call.
      return {
        code: 'celigo_auth',
        kind: err.kind,
        message:
          'Celigo refused the app’s API token. Ask whoever runs this app to check CELIGO_API_TOKEN (it may need full access).',
      };
    case 'not_found':
      return { code: 'connection_not_found', kind: err.kind, message: 'Celigo has no connection with that ID.' };
    case 'validation':
    case 'rejected':
    case 'unsafe_update':
    case 'not_confirmed':
      // The adapter writes these messages to be safe to show.
      return { code: 'celigo_rejected', kind: err.kind, message: err.message };
    default:
      // No "Nothing was changed." here: the Slack notice adds it to every refusal (blocks/notice.ts).
      return { code: 'celigo_unavailable', kind: err.kind, message: err.message };
  }
}

/** Failures that came from Celigo itself (recorded in the audit log), as opposed to a bad reference. */
export const isCeligoFailureCode = (code: string): boolean =>
  code === 'celigo_auth' || code === 'celigo_rejected' || code === 'celigo_unavailable';
