/**
 * The checks behind `celigo-bot probe <connection>`: each one observes a Celigo behaviour that public sources
 * leave open (docs/celigo-api.md), is safe, and puts back anything it changed. Raw requests go through the
 * same CeligoTransport the app uses, so the token never appears in output and bodies are never printed.
 */
import type { CeligoTransport } from '../../adapters/celigo/index.js';
import { containsMask } from '../../adapters/celigo/index.js';
import { checkAuthorizationUrl } from '../../domain/authorization-url-guard.js';
import type { FindingName } from '../../domain/celigo-findings.js';
import type { CeligoGateway } from '../../ports/celigo-gateway.js';

export interface ProbeResult {
  /** Short name of the check (table column). */
  readonly check: string;
  /** The docs/celigo-api.md heading it settles. */
  readonly settles: string;
  /** What was observed, in plain words. */
  readonly found: string;
  /** Stored for the app to use; absent when the check could not tell. */
  readonly finding?: { readonly name: FindingName; readonly value: string };
  /** What should change when the finding differs from the app's default assumption; absent when it matches. */
  readonly change?: string;
}

export interface ProbeTarget {
  readonly client: CeligoTransport;
  readonly gateway: CeligoGateway;
  readonly connectionId: string;
  /** What the redirect_uri check writes for a moment: the relay when PUBLIC_URL is set, else a harmless URL. */
  readonly probeValue: string;
}

type Doc = Record<string, unknown>;
const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (doc: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>((node, k) => (isObj(node) ? node[k] : undefined), doc);
const ok = (status: number): boolean => status >= 200 && status < 300;

const DOC_ROUTE = '/v1/connections/:id';
const FIELD = '/http/auth/oauth/oauth2RedirectUrl';

async function readDoc(t: ProbeTarget): Promise<Doc> {
  const res = await t.client.call({
    method: 'GET',
    route: DOC_ROUTE,
    url: t.client.url(`/v1/connections/${t.connectionId}`),
  });
  return isObj(res.body) ? res.body : {};
}

const redirectOf = (doc: Doc): string | null => {
  const v = at(doc, 'http', 'auth', 'oauth', 'oauth2RedirectUrl');
  return typeof v === 'string' ? v : null;
};

/** PATCH of the field: writes the current value back (or adds the probe value and removes it again). */
export async function checkPatch(t: ProbeTarget): Promise<ProbeResult> {
  const url = t.client.url(`/v1/connections/${t.connectionId}`);
  const current = redirectOf(await readDoc(t));
  const patch = (op: Doc) => t.client.send({ method: 'PATCH', route: DOC_ROUTE, url, body: [op] });
  let res = await patch(
    current === null ? { op: 'add', path: FIELD, value: t.probeValue } : { op: 'replace', path: FIELD, value: current },
  );
  if (ok(res.status) && current === null) res = await patch({ op: 'remove', path: FIELD });
  if (res.status === 401 || res.status === 403 || res.status === 404 || res.status === 429 || res.status >= 500) {
    throw t.client.statusError({ method: 'PATCH', route: DOC_ROUTE }, res);
  }
  if (current === null && redirectOf(await readDoc(t)) !== null) await t.gateway.setRedirectUrl(t.connectionId, null);
  const accepted = ok(res.status);
  return {
    check: 'PATCH of oauth2RedirectUrl',
    settles: 'Q-patch-redirect-url',
    found: accepted ? 'accepted' : `refused (HTTP ${res.status})`,
    finding: { name: 'patch_redirect_url', value: accepted ? 'accepted' : 'refused' },
  };
}

/** Whether GET shows stored secrets as "******" (then a whole-document PUT is never safe). */
export async function checkMasking(t: ProbeTarget): Promise<ProbeResult> {
  const doc = await readDoc(t);
  const secret = at(doc, 'http', 'auth', 'oauth', 'clientSecret');
  const base = { check: 'GET masks secrets', settles: 'Q-masked-secrets' };
  if (containsMask(doc))
    return { ...base, found: 'yes ("******")', finding: { name: 'get_masks_secrets', value: 'masked' } };
  if (typeof secret === 'string' && secret !== '') {
    return { ...base, found: 'no: secrets come back in clear', finding: { name: 'get_masks_secrets', value: 'clear' } };
  }
  return { ...base, found: 'cannot tell: this connection shows no secret' };
}

/** Which key the /oauth2 answer uses. The app accepts both; the finding is for the record. */
export async function checkAuthorizationKey(t: ProbeTarget): Promise<ProbeResult> {
  const route = '/v1/connection/:id/oauth2';
  const res = await t.client.call({
    method: 'GET',
    route,
    url: t.client.url(`/v1/connection/${t.connectionId}/oauth2`),
  });
  const key = isObj(res.body)
    ? ['authorizationURL', 'authorizationUrl'].find((k) => k in (res.body as Doc))
    : undefined;
  const base = { check: 'authorization URL key', settles: 'Q-authorization-url-key' };
  if (key === undefined) {
    return {
      ...base,
      found: 'neither authorizationURL nor authorizationUrl',
      change: 'the app cannot read this answer: report it',
    };
  }
  return { ...base, found: key, finding: { name: 'authorization_url_key', value: key } };
}

/**
 * The dangerous question: does the provider get oauth2RedirectUrl as its redirect_uri? Sets the probe value,
 * reads an authorization URL (never printed), and always puts the original value back.
 */
export async function checkRedirectReading(t: ProbeTarget): Promise<ProbeResult> {
  const original = redirectOf(await readDoc(t));
  const base = { check: 'oauth2RedirectUrl reading', settles: 'Q-redirect-url-meaning' };
  let verdict: ReturnType<typeof checkAuthorizationUrl>;
  try {
    await t.gateway.setRedirectUrl(t.connectionId, t.probeValue);
    verdict = checkAuthorizationUrl(await t.gateway.getAuthorizationUrl(t.connectionId), t.probeValue);
  } finally {
    await t.gateway.setRedirectUrl(t.connectionId, original);
  }
  switch (verdict) {
    case 'dangerous':
      return {
        ...base,
        found: 'provider callback: the provider would send the code to that field',
        finding: { name: 'redirect_url_meaning', value: 'provider_callback' },
        change: 'return relay and landing pages: off for this account (stored; the app now leaves the field alone)',
      };
    case 'celigo_callback':
      return {
        ...base,
        found: 'landing page: redirect_uri stays Celigo’s callback',
        finding: { name: 'redirect_url_meaning', value: 'landing_page' },
      };
    default:
      return {
        ...base,
        found: 'cannot tell: the URL carries no redirect_uri of Celigo’s (the guard still checks each link)',
      };
  }
}

/** Which method ping answers. The app tries POST, then GET. */
export async function checkPingMethod(t: ProbeTarget): Promise<ProbeResult> {
  const route = '/v1/connections/:id/ping';
  const url = t.client.url(`/v1/connections/${t.connectionId}/ping`);
  const answers = async (method: 'POST' | 'GET') => {
    const res = await t.client.send({ method, route, url });
    return res.status !== 404 && res.status !== 405;
  };
  const post = await answers('POST');
  const get = await answers('GET');
  const base = { check: 'ping method', settles: 'Q-ping-method' };
  if (!post && !get)
    return { ...base, found: 'neither POST nor GET', change: 'completion by ping cannot work: report it' };
  const value = post && get ? 'both' : post ? 'POST' : 'GET';
  return {
    ...base,
    found: value === 'both' ? 'POST and GET' : `${value} only`,
    finding: { name: 'ping_method', value },
  };
}

/** How the connection list pages: a `Link: rel="next"` header, or everything at once. */
export async function checkListPaging(t: ProbeTarget): Promise<ProbeResult> {
  const route = '/v1/connections';
  const url = t.client.url(route);
  url.searchParams.set('include', '_id');
  const res = await t.client.call({ method: 'GET', route, url });
  const count = Array.isArray(res.body) ? res.body.length : 0;
  const link = String(res.headers['link'] ?? '');
  const paged = /rel="?next"?/.test(link);
  return {
    check: 'connection list paging',
    settles: 'Q-list-paging',
    found: paged ? `Link header, ${count} per page` : `one page (${count} connection${count === 1 ? '' : 's'})`,
    finding: { name: 'list_paging', value: paged ? 'link_header' : 'single_page' },
  };
}

export interface ProbeCheck {
  readonly check: string;
  readonly settles: string;
  readonly run: (t: ProbeTarget) => Promise<ProbeResult>;
}

/** In order: read-only checks first, then the ones that write and restore. */
export const PROBE_CHECKS: readonly ProbeCheck[] = [
  { check: 'authorization URL key', settles: 'Q-authorization-url-key', run: checkAuthorizationKey },
  { check: 'GET masks secrets', settles: 'Q-masked-secrets', run: checkMasking },
  { check: 'ping method', settles: 'Q-ping-method', run: checkPingMethod },
  { check: 'connection list paging', settles: 'Q-list-paging', run: checkListPaging },
  { check: 'PATCH of oauth2RedirectUrl', settles: 'Q-patch-redirect-url', run: checkPatch },
  { check: 'oauth2RedirectUrl reading', settles: 'Q-redirect-url-meaning', run: checkRedirectReading },
];
