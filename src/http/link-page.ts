/**
 * The hosted customer link: GET shows what is being authorized and never redirects or changes
 * anything, so link previews, unfurlers and mail scanners cannot use the link up; only the Continue
 * button's POST fetches a fresh Celigo authorization URL and sends the browser there.
 */
import type { CustomerLinkService } from '../services/index.js';
import { deadLinkPage, linkActivePage, notFoundLinkPage, payloadTooLargePage } from './pages.js';
import { BodyTooLargeError, readBody, seeOther, sendPage } from './respond.js';
import { pathParam, type RouteContext } from './route-context.js';

/** Tokens are base64url; anything else is answered without touching the database. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

/** The Continue form posts nothing we need (the token is in the path): a small cap is plenty. */
const BODY_LIMIT = 8 * 1024;

type Links = Pick<CustomerLinkService, 'view' | 'continue'>;

export async function handleLinkPage({ req, res, log }: RouteContext, links: Links): Promise<void> {
  const token = pathParam(req, 'token');
  if (!TOKEN_PATTERN.test(token)) {
    log.info('Link page asked for with a malformed token.');
    sendPage(res, notFoundLinkPage());
    return;
  }
  const view = await links.view(token);
  log.info({ kind: view.kind }, 'Link page shown.');
  sendPage(res, view.kind === 'active' ? linkActivePage(view, token) : deadLinkPage(view));
}

export async function handleContinue({ req, res, requestId, log }: RouteContext, links: Links): Promise<void> {
  const token = pathParam(req, 'token');
  try {
    await readBody(req, BODY_LIMIT);
  } catch (err) {
    if (!(err instanceof BodyTooLargeError)) throw err;
    log.info('Continue refused: body too large.');
    sendPage(res, payloadTooLargePage());
    return;
  }
  if (!TOKEN_PATTERN.test(token)) {
    log.info('Continue asked for with a malformed token.');
    sendPage(res, notFoundLinkPage());
    return;
  }
  const outcome = await links.continue(token, requestId);
  if ('redirectTo' in outcome) {
    // The authorization URL is a secret: it goes in the Location header and nowhere else (not in logs).
    log.info('Customer sent to the authorization page.');
    seeOther(res, outcome.redirectTo);
    return;
  }
  const view = outcome.page;
  log.info({ kind: view.kind }, 'Continue answered with a page.');
  sendPage(res, view.kind === 'active' ? linkActivePage(view, token) : deadLinkPage(view));
}
