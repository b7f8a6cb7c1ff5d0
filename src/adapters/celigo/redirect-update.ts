/**
 * Setting `http.auth.oauth.oauth2RedirectUrl` safely (docs/celigo-api.md, Q-patch-redirect-url, Q-masked-secrets):
 * PATCH first; if Celigo refuses it, GET → deep-merge → re-GET and compare `lastModified` → PUT the whole
 * document — but never when the document holds masked `"******"` secrets, since PUTting them back may
 * overwrite the real ones. Always read back and confirm.
 */

import type { RedirectUpdate } from '../../ports/celigo-gateway.js';
import { CeligoNotConfirmedError, CeligoResponseShapeError, CeligoUnsafeUpdateError } from './celigo-errors.js';
import { connectionWire, toConnectionSummary } from './celigo-schemas.js';
import type { CeligoTransport } from './celigo-transport.js';

export const MASK = '******';
const ROUTE = '/v1/connections/:id';
const REDIRECT_POINTER = '/http/auth/oauth/oauth2RedirectUrl';
/** Server-set fields: never sent back in a PUT. */
const READ_ONLY_FIELDS = ['_id', 'createdAt', 'lastModified', 'lastModifiedBy', '__v', 'queues'];

type Doc = Record<string, unknown>;

const isPlainObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when any value anywhere in the document is the mask. */
export function containsMask(v: unknown): boolean {
  if (v === MASK) return true;
  if (Array.isArray(v)) return v.some(containsMask);
  if (isPlainObject(v)) return Object.values(v).some(containsMask);
  return false;
}

function readRedirect(doc: Doc): string | undefined {
  const http = doc['http'];
  const auth = isPlainObject(http) ? http['auth'] : undefined;
  const oauth = isPlainObject(auth) ? auth['oauth'] : undefined;
  const value = isPlainObject(oauth) ? oauth['oauth2RedirectUrl'] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** A deep copy of `doc` with the redirect set (or removed for null), creating parents as needed. */
function withRedirect(doc: Doc, url: string | null): Doc {
  const copy = structuredClone(doc);
  let node: Doc = copy;
  for (const key of ['http', 'auth', 'oauth']) {
    const child = node[key];
    if (isPlainObject(child)) {
      node = child;
    } else if (url === null) {
      return copy; // nothing to remove
    } else {
      const created: Doc = {};
      node[key] = created;
      node = created;
    }
  }
  if (url === null) delete node['oauth2RedirectUrl'];
  else node['oauth2RedirectUrl'] = url;
  return copy;
}

type RedirectPatchOp =
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'add' | 'replace'; readonly path: string; readonly value: string };

/** The JSON Patch operation for the landing page: `add` when the field is absent, `replace` when set. */
export function redirectPatch(before: string | null, url: string | null): RedirectPatchOp {
  if (url === null) return { op: 'remove', path: REDIRECT_POINTER };
  return { op: before === null ? 'add' : 'replace', path: REDIRECT_POINTER, value: url };
}

/** What `updateRedirectUrl` would send, for dry runs: built from the same patch (shown to the user; no secrets). */
export const describeRedirectUpdate = (id: string, before: string | null, url: string | null): string =>
  `PATCH /v1/connections/${id}\n${JSON.stringify([redirectPatch(before, url)], null, 2)}\n` +
  `(falls back to GET → merge → PUT /v1/connections/${id} if PATCH is refused, then reads the connection back)`;

function withoutReadOnly(doc: Doc): Doc {
  const copy = { ...doc };
  for (const k of READ_ONLY_FIELDS) delete copy[k];
  return copy;
}

export async function updateRedirectUrl(
  client: CeligoTransport,
  id: string,
  url: string | null,
): Promise<RedirectUpdate> {
  const docUrl = client.url(`/v1/connections/${id}`);
  const getDoc = async (): Promise<Doc> => {
    const res = await client.call({ method: 'GET', route: ROUTE, url: docUrl });
    if (!isPlainObject(res.body) || !connectionWire.safeParse(res.body).success) {
      throw new CeligoResponseShapeError({ method: 'GET', route: ROUTE, status: res.status }, 'not a connection');
    }
    return res.body;
  };

  const first = await getDoc();
  const before = readRedirect(first) ?? null;
  let method: 'patch' | 'put' = 'patch';

  // Already as asked: write nothing, so an authorized connection is never put at risk for a no-op.
  if (before !== url) {
    const patch = await client.send({ method: 'PATCH', route: ROUTE, url: docUrl, body: [redirectPatch(before, url)] });
    const s = patch.status;
    if (s < 200 || s >= 300) {
      // 401/403/404 are final; 429 and 5xx mean "not now", not "not allowed" — a PUT would fare no better.
      // Any other 4xx means the field is not on the PATCH whitelist (Q-patch-redirect-url): fall back to a full replace.
      if (s < 400 || s >= 500 || s === 401 || s === 403 || s === 404 || s === 429) {
        throw client.statusError({ method: 'PATCH', route: ROUTE }, patch);
      }
      await putMerged(client, docUrl, first, url);
      method = 'put';
    }
  }

  const after = await getDoc();
  const value = readRedirect(after) ?? null;
  if (value !== url) {
    throw new CeligoNotConfirmedError(
      { method: 'GET', route: ROUTE },
      url === null
        ? 'Celigo accepted the change, but the connection still has a landing page when read back.'
        : 'Celigo accepted the change, but reading the connection back did not show the new landing page.',
    );
  }
  return { before, after: value, method, connection: toConnectionSummary(connectionWire.parse(after)) };
}

const ONLINE_REFUSAL =
  'Celigo refused the targeted update and the connection is authorized (online), so a full replace could erase ' +
  'its fresh tokens; nothing was written. Set the landing page in integrator.io instead.';

/**
 * GET-merge-PUT with the lost-update check the integrator.io UI uses (docs/celigo-api.md, "Writes"): the document we merged into
 * must still be current just before the PUT. One retry on a concurrent change, then give up.
 */
async function putMerged(client: CeligoTransport, docUrl: URL, first: Doc, url: string | null): Promise<void> {
  let base = first;
  for (let attempt = 0; attempt < 2; attempt++) {
    const merged = withRedirect(base, url);
    if (containsMask(merged)) {
      // Q-masked-secrets: a PUT would send "******" back and may overwrite stored tokens or secrets.
      throw new CeligoUnsafeUpdateError({ method: 'PUT', route: ROUTE });
    }
    const res = await client.call({ method: 'GET', route: ROUTE, url: docUrl });
    const current = isPlainObject(res.body) ? res.body : {};
    if (current['lastModified'] !== base['lastModified']) {
      base = current;
      continue;
    }
    // Only an offline connection, as read just before the PUT: on an authorized one a full replace could
    // erase the tokens a customer's consent has just stored (Q-masked-secrets in docs/celigo-api.md).
    if (current['offline'] !== true) throw new CeligoUnsafeUpdateError({ method: 'PUT', route: ROUTE }, ONLINE_REFUSAL);
    await client.call({ method: 'PUT', route: ROUTE, url: docUrl, body: withoutReadOnly(merged) });
    return;
  }
  throw new CeligoUnsafeUpdateError(
    { method: 'PUT', route: ROUTE },
    'The connection kept changing in Celigo while we tried to update it, so nothing was written. Try again.',
  );
}
