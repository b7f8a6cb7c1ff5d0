/**
 * The CeligoGateway over HTTP (docs/celigo-api.md). Composition root calls
 * `createCeligoGateway(...)` once and `close()` on shutdown.
 */
import { isConnectionId } from '../../domain/connection.js';
import type { CeligoGateway, PingResult } from '../../ports/celigo-gateway.js';
import { CeligoNotFoundError, CeligoResponseShapeError, safeCeligoMessage } from './celigo-errors.js';
import {
  connectionListWire,
  connectionWire,
  parseErrorEnvelope,
  pickAuthorizationUrl,
  toConnectionSummary,
  tokenInfoWire,
} from './celigo-schemas.js';
import { CeligoTransport, type CeligoTransportOptions } from './celigo-transport.js';
import { nextPageUrl } from './link-header.js';
import { describeRedirectUpdate, updateRedirectUrl } from './redirect-update.js';

export { CeligoTransport, type CeligoTransportOptions } from './celigo-transport.js';
export { nextPageUrl, parseLinkHeader } from './link-header.js';
export { containsMask, MASK } from './redirect-update.js';

/** Projection for list polling: identity plus what the bot decides on (Q-list-paging). */
export const LIST_INCLUDE =
  'offline,type,lastModified,http.auth.type,http.auth.oauth.grantType,http.auth.oauth.oauth2RedirectUrl';
/** Safety stop for a `Link` chain that never ends. */
const MAX_PAGES = 200;

export function createCeligoGateway(opts: CeligoTransportOptions): CeligoGateway & { close(): Promise<void> } {
  const client = new CeligoTransport(opts);

  /** Ids go into URL paths, so anything but 24-hex is refused before any request. */
  const requireId = (id: string, method: string, route: string): void => {
    if (!isConnectionId(id)) {
      throw new CeligoNotFoundError(
        { method, route },
        'That is not a Celigo connection id (expected 24 hexadecimal characters).',
      );
    }
  };

  return {
    async tokenInfo() {
      const route = '/v1/tokenInfo';
      const res = await client.call({ method: 'GET', route, url: client.url(route) });
      const parsed = tokenInfoWire.safeParse(res.body);
      if (!parsed.success) {
        throw new CeligoResponseShapeError({ method: 'GET', route, status: res.status }, 'no _userId');
      }
      return { userId: parsed.data._userId };
    },

    async listConnections() {
      const route = '/v1/connections';
      let url: URL | undefined = client.url(route);
      url.searchParams.set('include', LIST_INCLUDE);
      const out = [];
      for (let page = 0; url !== undefined; page++) {
        if (page >= MAX_PAGES) {
          throw new CeligoResponseShapeError({ method: 'GET', route }, `more than ${MAX_PAGES} pages of connections`);
        }
        const res = await client.call({ method: 'GET', route, url });
        if (res.status === 204 || res.body === undefined) break; // nothing (more) to list (DEV-CONNS)
        const parsed = connectionListWire.safeParse(res.body);
        if (!parsed.success) {
          throw new CeligoResponseShapeError({ method: 'GET', route, status: res.status }, 'not a list of connections');
        }
        out.push(...parsed.data.map(toConnectionSummary));
        try {
          url = nextPageUrl(res.headers['link'], res.url);
        } catch (err) {
          throw new CeligoResponseShapeError(
            { method: 'GET', route, status: res.status, cause: err },
            err instanceof Error ? err.message.replace(/\.$/, '').toLowerCase() : 'bad next-page link',
          );
        }
      }
      return out;
    },

    async getConnection(id) {
      const route = '/v1/connections/:id';
      requireId(id, 'GET', route);
      const res = await client.call({ method: 'GET', route, url: client.url(`/v1/connections/${id}`) });
      const parsed = connectionWire.safeParse(res.body);
      if (!parsed.success) {
        throw new CeligoResponseShapeError({ method: 'GET', route, status: res.status }, 'not a connection');
      }
      return toConnectionSummary(parsed.data);
    },

    async getAuthorizationUrl(id) {
      // Singular `connection` is the only spelling seen working (Q-oauth2-path). Never cached (Q-authorization-url-lifetime).
      const route = '/v1/connection/:id/oauth2';
      requireId(id, 'GET', route);
      const res = await client.call({ method: 'GET', route, url: client.url(`/v1/connection/${id}/oauth2`) });
      const found = pickAuthorizationUrl(res.body);
      if (found === undefined) {
        // The body may hold the URL under an unknown key: never quote it.
        throw new CeligoResponseShapeError(
          { method: 'GET', route, status: res.status },
          'no authorizationURL/authorizationUrl with an http(s) address',
        );
      }
      return found;
    },

    async setRedirectUrl(id, url) {
      requireId(id, 'PATCH', '/v1/connections/:id');
      return updateRedirectUrl(client, id, url);
    },

    describeRedirectUpdate,

    async ping(id) {
      const route = '/v1/connections/:id/ping';
      requireId(id, 'POST', route);
      const url = client.url(`/v1/connections/${id}/ping`);
      let method: 'POST' | 'GET' = 'POST';
      let res = await client.send({ method, route, url });
      // Docs say GET, the UI sends POST (Q-ping-method): try POST, then GET once.
      if (res.status === 404 || res.status === 405) {
        method = 'GET';
        res = await client.send({ method, route, url });
      }
      const { status } = res;
      if (status === 401 || status === 403 || status === 404) throw client.statusError({ method, route }, res);
      const errors = parseErrorEnvelope(res.body);
      if (status >= 200 && status < 300 && (errors === undefined || errors.length === 0)) return { ok: true };
      return { ok: false, reason: pingFailureReason(status, errors) } satisfies PingResult;
    },

    close: () => client.close(),
  };
}

function pingFailureReason(status: number, errors: ReturnType<typeof parseErrorEnvelope>): string {
  const said = safeCeligoMessage(errors);
  if (said !== undefined) return said;
  const code = errors?.find((e) => e.code !== undefined)?.code;
  if (code !== undefined && !/[/:]/.test(code)) return `Celigo reported the ping failed (code ${code}).`;
  return status >= 200 && status < 300
    ? 'Celigo reported the ping failed.'
    : `Celigo answered the ping with HTTP ${status}.`;
}
