/**
 * The words on every customer-facing page, in one place. Each page says what happened and what to do next;
 * none of them redirects. Status codes: 410 for links that are gone for good, 404 for unknown ones, 503
 * when Celigo cannot be reached (try again), 200 otherwise.
 */
import { linkContinuePath } from '../domain/public-urls.js';
import type { LinkPageView, RelayOutcome } from '../services/index.js';
import { renderPage } from './html.js';

export interface Page {
  readonly status: number;
  readonly html: string;
  readonly headers?: Readonly<Record<string, string>>;
}

type ActiveView = Extract<LinkPageView, { kind: 'active' }>;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * "Tuesday 14 May 2030 at 09:30 UTC" — unambiguous for a customer anywhere. Built by hand rather than with
 * Intl, whose punctuation changes between ICU versions.
 */
export const formatUtc = (d: Date): string =>
  `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} at ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;

export function linkActivePage(view: ActiveView, token: string): Page {
  const partner = view.partnerName?.trim() || null;
  return {
    status: 200,
    html: renderPage({
      title: `Authorize ${view.connectionName}`,
      heading: `Authorize ${view.connectionName}`,
      paragraphs: [
        `${partner ?? 'Your partner'} asks you to authorize the connection below for ${view.customerLabel}.`,
        'Continue takes you to the sign-in page of the service being connected, where you sign in and approve access. Your partner never sees your password.',
      ],
      details: [
        { term: 'Connection', value: view.connectionName },
        { term: 'For', value: view.customerLabel },
        ...(partner ? [{ term: 'Requested by', value: partner }] : []),
        { term: 'Link expires', value: formatUtc(view.expiresAt), datetime: view.expiresAt.toISOString() },
      ],
      form: { action: linkContinuePath(token), button: 'Continue' },
      note: 'If you did not expect this link, you can close this page: nothing happens until you press Continue.',
    }),
  };
}

const ASK_PARTNER = 'Ask your partner for a new link.';

/**
 * Every kind of link that cannot be used. Takes the kind as a string so kinds added to LinkPageView later
 * still render (as a generic "cannot be used" page) instead of failing.
 */
export function deadLinkPage(view: { readonly kind: string; readonly customerLabel?: string }): Page {
  const forWhom = view.customerLabel ? ` for ${view.customerLabel}` : '';
  switch (view.kind) {
    case 'expired':
      return gone('This link has expired', [
        `The authorization link${forWhom} has expired. Nothing was changed.`,
        ASK_PARTNER,
      ]);
    case 'superseded':
      return gone('This link has been replaced', [
        `A newer authorization link${forWhom} has been created, so this one no longer works. Nothing was changed.`,
        'Use the newest link you received, or ask your partner for a new one.',
      ]);
    case 'revoked':
      return gone('This link has been cancelled', [
        `Your partner cancelled the authorization link${forWhom}. Nothing was changed.`,
        'If you still need to authorize, ask your partner for a new link.',
      ]);
    case 'completed':
      return gone('Authorization already complete', [
        `This link has already been used and the authorization${forWhom} is complete. There is nothing more to do; you can close this tab.`,
        'If you need to authorize again, ask your partner for a new link.',
      ]);
    case 'failed':
      return gone('This link can no longer be used', [
        `The authorization started with this link${forWhom} did not complete.`,
        ASK_PARTNER,
      ]);
    case 'withheld':
      return gone('This link cannot be used right now', [
        `The authorization${forWhom} was stopped before you were asked for anything: it would not have completed. Nothing was changed and no details were sent.`,
        'Your partner has been told and will send you a new link.',
      ]);
    case 'not_found':
      return notFoundLinkPage();
    case 'unavailable':
      return {
        status: 503,
        headers: { 'retry-after': '60' },
        html: renderPage({
          title: 'Please try again shortly',
          heading: 'Please try again shortly',
          paragraphs: [
            'We could not reach the authorization service just now. Nothing was changed.',
            'Please try this link again in a few minutes. If it keeps happening, contact your partner.',
          ],
        }),
      };
    default:
      return gone('This link can no longer be used', [
        `This authorization link${forWhom} no longer works.`,
        ASK_PARTNER,
      ]);
  }
}

export function notFoundLinkPage(): Page {
  return page(404, 'Link not found', [
    'This authorization link is not valid. Check that you opened the whole link as you received it.',
    'If it still does not work, ask your partner for a new link.',
  ]);
}

/** A page whose title is its heading. */
function page(status: number, heading: string, paragraphs: string[]): Page {
  return { status, html: renderPage({ title: heading, heading, paragraphs }) };
}

const gone = (heading: string, paragraphs: string[]): Page => page(410, heading, paragraphs);
const ok = (heading: string, paragraphs: string[]): Page => page(200, heading, paragraphs);

/** What the customer sees on the relay when there is no landing page to forward to. */
export function relayPage(status: RelayOutcome['status']): Page {
  switch (status) {
    case 'completed':
      return ok('Authorization complete', [
        'Thank you. The authorization is complete and your partner has been told.',
        'You can close this tab.',
      ]);
    case 'pending':
      return ok('Thank you — you can close this tab', [
        'Your authorization was received. Your partner will be told as soon as it is confirmed.',
        'You can close this tab.',
      ]);
    case 'failed':
      return ok('Authorization did not complete', [
        'The authorization did not complete, so nothing was connected.',
        'To try again, open the authorization link you received and press Continue; if that does not work, please contact your partner.',
      ]);
    case 'unknown_connection':
      return relayNotFoundPage();
  }
}

export function relayNotFoundPage(): Page {
  return page(404, 'Page not found', [
    'This page does not belong to an authorization we know about. Nothing was changed.',
    'If you were authorizing a connection, contact your partner.',
  ]);
}

export function tooManyRequestsPage(retryAfterSeconds: number): Page {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    html: renderPage({
      title: 'Too many requests',
      heading: 'Too many requests',
      paragraphs: [
        'There have been too many requests from your network in a short time. Nothing was changed.',
        `Please wait ${retryAfterSeconds === 1 ? 'a second' : `${retryAfterSeconds} seconds`} and try again.`,
      ],
    }),
  };
}

export function payloadTooLargePage(): Page {
  return page(413, 'Request too large', [
    'That request was larger than this page accepts. Go back and press Continue again.',
  ]);
}

export function serverErrorPage(reference: string): Page {
  return {
    status: 500,
    html: renderPage({
      title: 'Something went wrong',
      heading: 'Something went wrong',
      paragraphs: [
        'Something went wrong on our side and nothing was changed. Please try again in a moment.',
        'If it keeps happening, contact your partner and mention the reference below.',
      ],
      note: `Reference: ${reference}`,
    }),
  };
}
