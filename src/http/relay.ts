/**
 * The return relay: the connection's oauth2RedirectUrl points here. An arrival is only a trigger — the
 * completion service asks Celigo whether the connection is really online (Q-return-parameters in
 * docs/celigo-api.md: Celigo does not document what it appends to the redirect URL) — then the browser goes
 * on to the partner's landing page, or gets a plain page saying it can close the tab.
 */
import { isConnectionKey } from '../domain/account.js';
import type { CompletionService } from '../services/index.js';
import { relayNotFoundPage, relayPage } from './pages.js';
import { seeOther, sendPage } from './respond.js';
import { pathParam, type RouteContext } from './route-context.js';

export async function handleRelay(
  { req, res, requestId, log }: RouteContext,
  completion: Pick<CompletionService, 'relayArrived'>,
  count: (matched: boolean) => void,
): Promise<void> {
  const connectionId = pathParam(req, 'connectionId');
  if (!isConnectionKey(connectionId)) {
    log.info('Relay hit with a malformed connection id.');
    count(false);
    sendPage(res, relayNotFoundPage());
    return;
  }
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  // The service logs the known parameter names; values (codes, state) and made-up names go nowhere.
  const outcome = await completion.relayArrived(connectionId, params, requestId);
  count(outcome.matched === true);
  log.info(
    { connectionId, status: outcome.status, matched: outcome.matched === true, forwarded: outcome.forwardTo !== null },
    'Customer returned to the relay.',
  );

  // A failure never goes on to the landing page, which would read as success; unknown connections have none.
  if (outcome.status === 'failed' || outcome.status === 'unknown_connection') {
    sendPage(res, relayPage(outcome.status));
    return;
  }
  if (outcome.forwardTo !== null) {
    if (isHttpUrl(outcome.forwardTo)) {
      seeOther(res, outcome.forwardTo);
      return;
    }
    log.warn({ connectionId }, 'Landing page is not an http(s) URL; showing the close-tab page instead.');
  }
  sendPage(res, relayPage(outcome.status));
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
