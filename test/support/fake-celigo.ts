/**
 * A fake integrator.io on 127.0.0.1 that behaves like the real one, awkward parts included
 * (docs/celigo-api.md): bearer check, `include=` projection, `Link` paging with absolute URLs,
 * 204 for empty lists, GET masks secrets as "******", PUT replaces the whole document (a "******" value
 * overwrites the stored secret — the corruption the client must avoid), PATCH only on a whitelist,
 * the singular `/v1/connection/:id/oauth2`, ping failing with 200 + `errors`, and `failNext` answers
 * (429 + Retry-After, 5xx, delays) that take precedence.
 *
 * It also serves a fake provider consent page (`/provider/authorize`) for browser and e2e tests.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeCeligoOptions {
  token?: string;
  /** Connections per list page; default 2. */
  pageSize?: number;
  /** Whether PATCH of `/http/auth/oauth/oauth2RedirectUrl` is on the whitelist (Q-patch-redirect-url); default allowed. */
  patch?: 'allowed' | 'refused';
  /** What a successful PATCH answers: 204 (HC-CONN-API, default) or 200 with the document (DEV-ERR). */
  patchStatus?: 200 | 204;
  /** Key of the `/oauth2` answer (Q-authorization-url-key); default `authorizationURL`. */
  authorizationUrlKey?: 'authorizationURL' | 'authorizationUrl';
  /** The only method ping answers; the other gets 405 (Q-ping-method). Default POST. */
  pingMethod?: 'POST' | 'GET';
  /**
   * How Celigo reads `oauth2RedirectUrl` (docs/celigo-api.md, Q-redirect-url-meaning). `landing_page` (default):
   * the authorization URL's redirect_uri is Celigo's callback and the customer lands on the field's value
   * after Celigo took the code. `provider_callback` (the dangerous reading): a set field becomes the
   * redirect_uri, and the provider sends the code there — Celigo never sees it, the connection stays offline.
   */
  redirectReading?: 'landing_page' | 'provider_callback';
}

/** A stored connection document. `http` is free-form, as in Celigo. */
export interface CeligoDoc {
  _id: string;
  name: string;
  type: string;
  offline?: boolean;
  lastModified: string;
  createdAt: string;
  // biome-ignore lint/suspicious/noExplicitAny: Celigo's http block is a deep free-form object
  http?: any;
  [k: string]: unknown;
}

/** Fields to deep-merge over the defaults; `undefined` removes a default field. */
export type ConnectionOverrides = { name: string } & { [K in keyof CeligoDoc]?: CeligoDoc[K] | undefined };

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string | undefined;
  /** Parsed JSON, the raw text for other bodies, or undefined when empty. */
  body: unknown;
}

export interface FailAnswer {
  /** Omit to only delay, then answer normally. */
  status?: number;
  /** Objects are sent as JSON; strings as text/html. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Wait this long before answering (timeouts). */
  delayMs?: number;
  /** Runs when the request matches, before it is answered — e.g. someone else editing the connection. */
  effect?: () => void;
  /** Hold the answer until this settles (a test decides when Celigo answers). */
  until?: Promise<unknown>;
}

export interface FakeCeligo {
  /** http://127.0.0.1:PORT (no /v1). */
  baseUrl: string;
  /** The accepted bearer token. */
  token: string;
  /** Mutable knobs. */
  options: FakeCeligoOptions;
  requests: RecordedRequest[];
  /** Requests under /v1 only (not the consent page). */
  apiRequests(): RecordedRequest[];
  /**
   * Adds a connection. Defaults: OAuth 2.0 authorizecode `http` connection, `offline: true`, a clientSecret
   * stored in clear (so GET shows "******"). `partial` is deep-merged over the defaults; an `undefined`
   * value removes the default (e.g. `{ http: { auth: { oauth: { clientSecret: undefined } } } }`).
   */
  addConnection(partial: ConnectionOverrides): CeligoDoc;
  /** A `type: http` connection with token auth (no consent screen). */
  addNonOAuthConnection(name: string): CeligoDoc;
  /** The raw stored document (unmasked), for assertions. */
  doc(id: string): CeligoDoc;
  /** Bumps lastModified. */
  setOffline(id: string, offline: boolean): void;
  /** An edit made elsewhere (e.g. in the integrator.io UI): deep-merges `changes`, bumps lastModified. */
  update(id: string, changes: Omit<ConnectionOverrides, 'name'> & { name?: string }): void;
  /** What a finished consent does: stores tokens, `offline: false`, bumps lastModified. */
  authorize(id: string): void;
  /** The next `times` requests matching `match` get `answer` instead (checked before auth and routing). */
  failNext(match: { method?: string; path?: RegExp }, answer: FailAnswer, times?: number): void;
  /** Drops every `failNext` answer not used yet: the service is back. */
  clearFailures(): void;
  /** What `/oauth2` returns: `${baseUrl}/provider/authorize?connection=<id>&state=<random>`. */
  authorizationUrlFor(id: string): string;
  close(): Promise<void>;
}

export const MASK = '******';
/** Dot paths GET masks when set (Q-masked-secrets). */
const SECRET_PATHS = [
  'http.auth.token.token',
  'http.auth.token.refreshToken',
  'http.encrypted',
  'http.auth.oauth.clientSecret',
];
/** A projection path below a secret (e.g. `http.encrypted.x`) must see the masked value, not the secret's parts. */
const includesInsideSecret = (include: readonly string[]): boolean =>
  include.some((p) => SECRET_PATHS.some((secret) => p.startsWith(`${secret}.`)));
const PATCHABLE = new Set(['/http/auth/oauth/oauth2RedirectUrl', '/name']);
const ID_IN_PATH = '([0-9a-zA-Z]+)';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function getPath(doc: unknown, dotted: string): unknown {
  let node: unknown = doc;
  for (const k of dotted.split('.')) {
    if (!isObj(node)) return undefined;
    node = node[k];
  }
  return node;
}

function setPath(doc: Json, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = doc;
  for (const k of keys.slice(0, -1)) {
    const next = node[k];
    if (isObj(next)) node = next;
    else {
      const created: Json = {};
      node[k] = created;
      node = created;
    }
  }
  node[keys[keys.length - 1] as string] = value;
}

function deepMerge(target: Json, patch: Json): Json {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete target[k];
    else if (isObj(v) && isObj(target[k])) deepMerge(target[k] as Json, v);
    else target[k] = structuredClone(v);
  }
  return target;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function startFakeCeligo(opts: FakeCeligoOptions = {}): Promise<FakeCeligo> {
  const options: FakeCeligoOptions = { ...opts };
  const token = opts.token ?? 'celigo-test-token';
  const docs = new Map<string, CeligoDoc>();
  const requests: RecordedRequest[] = [];
  const failures: Array<{ match: { method?: string; path?: RegExp }; answer: FailAnswer; times: number }> = [];
  const issuedStates = new Map<string, string>(); // state → connection id
  let lastStamp = 0;
  let baseUrl = '';

  const stamp = (): string => {
    lastStamp = Math.max(Date.now(), lastStamp + 1);
    return new Date(lastStamp).toISOString();
  };
  const newId = (): string => randomBytes(12).toString('hex');
  const touch = (d: CeligoDoc): void => {
    d.lastModified = stamp();
    d['lastModifiedBy'] = 'u-fake';
  };

  /** Masks a copy in place (a projection or a clone, never a stored document). */
  const maskCopy = <T extends Json>(copy: T): T => {
    for (const p of SECRET_PATHS) {
      const v = getPath(copy, p);
      if (v !== undefined && v !== null && v !== '') setPath(copy, p, MASK);
    }
    return copy;
  };
  const masked = (d: CeligoDoc): CeligoDoc => maskCopy(structuredClone(d));

  const project = (d: CeligoDoc, include: string[]): Json => {
    const out: Json = { _id: d._id, name: d.name };
    for (const p of include) {
      const v = getPath(d, p);
      if (v !== undefined) setPath(out, p, structuredClone(v));
    }
    return out;
  };

  const isOAuthAuthorizeCode = (d: CeligoDoc): boolean => {
    const grant = getPath(d, 'http.auth.oauth.grantType');
    return (
      d.type === 'http' &&
      getPath(d, 'http.auth.type') === 'oauth' &&
      (grant === undefined || grant === 'authorizecode')
    );
  };

  /** The redirect_uri Celigo would register with the provider for this connection. */
  const providerRedirectUri = (id: string): string => {
    const custom = docs.has(id) ? getPath(mustDoc(id), 'http.auth.oauth.oauth2RedirectUrl') : undefined;
    return options.redirectReading === 'provider_callback' && typeof custom === 'string' && custom !== ''
      ? custom
      : `${baseUrl}/connection/oauth2callback`;
  };

  const authorizationUrlFor = (id: string): string => {
    const state = randomBytes(8).toString('hex');
    issuedStates.set(state, id);
    const redirectUri = encodeURIComponent(providerRedirectUri(id));
    return `${baseUrl}/provider/authorize?connection=${encodeURIComponent(id)}&state=${state}&redirect_uri=${redirectUri}`;
  };

  const authorize = (id: string): void => {
    const d = mustDoc(id);
    d.http ??= {};
    d.http.auth ??= {};
    d.http.auth.token = {
      ...(isObj(d.http.auth.token) ? d.http.auth.token : {}),
      token: `access-${randomBytes(8).toString('hex')}`,
      refreshToken: `refresh-${randomBytes(8).toString('hex')}`,
    };
    d.offline = false;
    touch(d);
  };

  function mustDoc(id: string): CeligoDoc {
    const d = docs.get(id);
    if (!d) throw new Error(`fake-celigo: no connection ${id}`);
    return d;
  }

  type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
  const envelope = (status: number, code: string, message: string, field?: string): Answer => ({
    status,
    body: { errors: [{ code, message, ...(field === undefined ? {} : { field }) }] },
  });
  const notFound = (): Answer => envelope(404, 'not_found', 'Object not found.');

  /** JSON Patch (RFC 6902 subset) applied to a copy; returns an error answer or the patched copy. */
  const applyPatch = (d: CeligoDoc, ops: unknown): { error: Answer } | { doc: CeligoDoc } => {
    if (!Array.isArray(ops))
      return { error: envelope(400, 'invalid_json', 'The request body must be a JSON Patch array.') };
    const copy = structuredClone(d);
    for (const raw of ops) {
      if (!isObj(raw) || typeof raw['path'] !== 'string' || typeof raw['op'] !== 'string') {
        return { error: envelope(422, 'invalid_patch', 'Each operation needs op and path.') };
      }
      const path = raw['path'];
      if (options.patch === 'refused' || !PATCHABLE.has(path)) {
        return { error: envelope(422, 'invalid_patch_path', `Patching ${path} is not allowed.`, path) };
      }
      const keys = path.slice(1).split('/');
      const leaf = keys.pop() as string;
      const parent = getPath(copy, keys.join('.'));
      const parentObj = keys.length === 0 ? (copy as Json) : parent;
      if (!isObj(parentObj))
        return { error: envelope(422, 'invalid_patch', `The parent of ${path} does not exist.`, path) };
      const op = raw['op'];
      if (op === 'add' || op === 'replace') {
        if (op === 'replace' && !(leaf in parentObj)) {
          return { error: envelope(422, 'invalid_patch', `Cannot replace ${path}: it does not exist.`, path) };
        }
        if (!('value' in raw)) return { error: envelope(422, 'invalid_patch', 'add/replace need a value.', path) };
        parentObj[leaf] = structuredClone(raw['value']);
      } else if (op === 'remove') {
        if (!(leaf in parentObj))
          return { error: envelope(422, 'invalid_patch', `Cannot remove ${path}: it does not exist.`, path) };
        delete parentObj[leaf];
      } else {
        return { error: envelope(422, 'invalid_patch', `Unsupported op ${op}.`, path) };
      }
    }
    return { doc: copy };
  };

  const api = (method: string, path: string, query: URLSearchParams, body: unknown, contentType: string): Answer => {
    if (method === 'GET' && path === '/v1/tokenInfo') return { status: 200, body: { _userId: 'u-fake' } };

    if (path === '/v1/connections') {
      if (method !== 'GET') return envelope(405, 'method_not_allowed', 'Method not allowed.');
      if (query.has('include[]')) return envelope(500, 'server_error', 'Internal server error.');
      if (query.has('include') && query.has('exclude')) {
        return envelope(400, 'invalid_query_params', 'include and exclude cannot be used together.');
      }
      const include = (query.get('include') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      // Masked per page, not the whole account per page (a 10,000-connection listing stays linear); with
      // `include`, only the projection is copied and masked, as a whole document would be cut down anyway.
      const all = [...docs.values()];
      const skip = Math.max(0, Number(query.get('skip') ?? 0) || 0);
      const limit = Math.max(1, Number(query.get('limit') ?? options.pageSize ?? 2) || 1);
      const page = all.slice(skip, skip + limit);
      if (page.length === 0) return { status: 204 };
      const link = (s: number): string => {
        const u = new URL(`${baseUrl}/v1/connections`);
        for (const [k, v] of query) if (k !== 'skip' && k !== 'limit') u.searchParams.set(k, v);
        u.searchParams.set('skip', String(s));
        u.searchParams.set('limit', String(limit));
        return u.toString();
      };
      const links: string[] = [];
      if (skip + limit < all.length) links.push(`<${link(skip + limit)}>; rel="next"`);
      if (skip > 0) links.push(`<${link(Math.max(0, skip - limit))}>; rel="prev"`);
      return {
        status: 200,
        body:
          include.length === 0
            ? page.map(masked)
            : includesInsideSecret(include)
              ? page.map((d) => project(masked(d), include))
              : page.map((d) => maskCopy(project(d, include))),
        headers: links.length > 0 ? { link: links.join(', ') } : {},
      };
    }

    let m = new RegExp(`^/v1/connections/${ID_IN_PATH}$`).exec(path);
    if (m) {
      const d = docs.get(m[1] as string);
      if (!d) return notFound();
      if (method === 'GET') return { status: 200, body: masked(d) };
      if (method === 'PUT' || method === 'PATCH') {
        if (!contentType.startsWith('application/json')) {
          return envelope(415, 'unsupported_media_type', 'The request body must be JSON.');
        }
      }
      if (method === 'PUT') {
        if (!isObj(body)) return envelope(400, 'invalid_json', 'The request body must be a JSON object.');
        if (typeof body['name'] !== 'string' || body['name'] === '') {
          return envelope(422, 'invalid_field', '`name` is required.', 'name');
        }
        if (typeof body['type'] !== 'string') return envelope(422, 'invalid_field', '`type` is required.', 'type');
        // Full replace: omitted fields are erased; "******" is stored literally (Q-masked-secrets worst case).
        const replaced: CeligoDoc = {
          ...(structuredClone(body) as Json),
          _id: d._id,
          name: body['name'],
          type: body['type'],
          createdAt: d.createdAt,
          lastModified: d.lastModified,
        };
        // `offline` is server-managed: kept unless the body sets it.
        if (typeof body['offline'] !== 'boolean') {
          if (d.offline === undefined) delete replaced.offline;
          else replaced.offline = d.offline;
        }
        touch(replaced);
        docs.set(d._id, replaced);
        return { status: 200, body: masked(replaced) };
      }
      if (method === 'PATCH') {
        const result = applyPatch(d, body);
        if ('error' in result) return result.error;
        const patched = result.doc;
        touch(patched);
        docs.set(d._id, patched);
        return options.patchStatus === 200 ? { status: 200, body: masked(patched) } : { status: 204 };
      }
      return envelope(405, 'method_not_allowed', 'Method not allowed.');
    }

    m = new RegExp(`^/v1/connection/${ID_IN_PATH}/oauth2$`).exec(path);
    if (m) {
      const d = docs.get(m[1] as string);
      if (!d || method !== 'GET') return notFound();
      if (!isOAuthAuthorizeCode(d)) {
        return envelope(422, 'invalid_connection', 'This connection does not use OAuth 2.0 authorization code.');
      }
      return { status: 200, body: { [options.authorizationUrlKey ?? 'authorizationURL']: authorizationUrlFor(d._id) } };
    }

    m = new RegExp(`^/v1/connections/${ID_IN_PATH}/ping$`).exec(path);
    if (m) {
      const d = docs.get(m[1] as string);
      if (!d) return notFound();
      if (method !== (options.pingMethod ?? 'POST')) return envelope(405, 'method_not_allowed', 'Method not allowed.');
      // Old UI code: "The ping test gives back a 200 response if the ping connection has failed" (Q-ping-method).
      if (d.offline) {
        return {
          status: 200,
          body: { errors: [{ code: 'offline', message: 'Connection is offline. Authorize it to bring it online.' }] },
        };
      }
      return { status: 200, body: { code: 200 } };
    }

    return notFound();
  };

  const consentPage = (d: CeligoDoc, state: string): string => {
    const hidden = `<input type="hidden" name="connection" value="${escapeHtml(d._id)}"><input type="hidden" name="state" value="${escapeHtml(state)}">`;
    return `<!doctype html><html><head><meta charset="utf-8"><title>Fake provider</title></head><body>
<h1>Allow access for ${escapeHtml(d.name)}?</h1>
<form method="post" action="/provider/decision">${hidden}<input type="hidden" name="decision" value="allow"><button type="submit">Allow</button></form>
<form method="post" action="/provider/decision">${hidden}<input type="hidden" name="decision" value="deny"><button type="submit">Deny</button></form>
</body></html>`;
  };

  const sendHtml = (res: http.ServerResponse, status: number, html: string): void => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  };

  const provider = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: string): boolean => {
    if (req.method === 'GET' && url.pathname === '/provider/authorize') {
      const id = url.searchParams.get('connection') ?? '';
      const state = url.searchParams.get('state') ?? '';
      const d = docs.get(id);
      if (!d || issuedStates.get(state) !== id) {
        sendHtml(res, 400, '<!doctype html><p>This authorization link is not valid.</p>');
        return true;
      }
      sendHtml(res, 200, consentPage(d, state));
      return true;
    }
    if (req.method === 'POST' && url.pathname === '/provider/decision') {
      const form = new URLSearchParams(raw);
      const id = form.get('connection') ?? '';
      const state = form.get('state') ?? '';
      const d = docs.get(id);
      if (!d || issuedStates.get(state) !== id) {
        sendHtml(res, 400, '<!doctype html><p>This authorization link is not valid.</p>');
        return true;
      }
      const custom = getPath(d, 'http.auth.oauth.oauth2RedirectUrl');
      if (options.redirectReading === 'provider_callback' && typeof custom === 'string' && custom !== '') {
        // The provider hands the code to the field's value: Celigo never gets it, nothing is authorized.
        const lost = new URL(custom);
        if (form.get('decision') === 'allow') lost.searchParams.append('code', randomBytes(8).toString('hex'));
        else lost.searchParams.append('error', 'access_denied');
        lost.searchParams.append('state', state);
        res.writeHead(302, { location: lost.toString() });
        res.end();
        return true;
      }
      const target = new URL(
        typeof custom === 'string' && custom !== '' ? custom : `${baseUrl}/connection/oauth2callback/done`,
      );
      if (form.get('decision') === 'allow') {
        authorize(id);
      } else {
        // What real Celigo appends is unconfirmed (Q-return-parameters); nothing on success, error=access_denied on denial.
        target.searchParams.append('error', 'access_denied');
      }
      res.writeHead(302, { location: target.toString() });
      res.end();
      return true;
    }
    if (req.method === 'GET' && url.pathname === '/connection/oauth2callback/done') {
      const denied = url.searchParams.has('error');
      sendHtml(
        res,
        200,
        `<!doctype html><html><body><h1>${denied ? 'Access denied' : 'Authorized'}</h1></body></html>`,
      );
      return true;
    }
    return false;
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      raw += c;
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const method = req.method ?? 'GET';
      let body: unknown;
      if (raw !== '') {
        try {
          body = JSON.parse(raw);
        } catch {
          body = raw;
        }
      }
      const auth = req.headers.authorization;
      requests.push({ method, path: url.pathname, query: url.searchParams, auth, body });

      const failIdx = failures.findIndex(
        (f) =>
          (f.match.method === undefined || f.match.method === method) && (f.match.path?.test(url.pathname) ?? true),
      );
      const failure = failIdx >= 0 ? failures[failIdx] : undefined;
      if (failure) {
        failure.times -= 1;
        if (failure.times <= 0) failures.splice(failIdx, 1);
      }

      failure?.answer.effect?.();
      const respond = (): void => {
        if (res.destroyed || res.writableEnded) return;
        if (failure?.answer.status !== undefined) {
          const a = failure.answer;
          const isText = typeof a.body === 'string';
          res.writeHead(a.status as number, {
            ...(a.body === undefined ? {} : { 'content-type': isText ? 'text/html' : 'application/json' }),
            ...a.headers,
          });
          res.end(a.body === undefined ? undefined : isText ? (a.body as string) : JSON.stringify(a.body));
          return;
        }
        if (!url.pathname.startsWith('/v1/')) {
          if (!provider(req, res, url, raw)) sendHtml(res, 404, '<!doctype html><p>Not found</p>');
          return;
        }
        const answer =
          auth !== `Bearer ${token}`
            ? envelope(401, 'unauthorized', 'Invalid or missing API token.')
            : api(method, url.pathname, url.searchParams, body, req.headers['content-type'] ?? '');
        res.writeHead(answer.status, {
          ...(answer.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
          ...answer.headers,
        });
        res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
      };

      if (failure?.answer.until) void failure.answer.until.finally(respond);
      else if (failure?.answer.delayMs) setTimeout(respond, failure.answer.delayMs);
      else respond();
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  const defaults = (name: string): CeligoDoc => {
    const now = stamp();
    return {
      _id: newId(),
      name,
      type: 'http',
      offline: true,
      sandbox: false,
      createdAt: now,
      lastModified: now,
      lastModifiedBy: 'u-fake',
      http: {
        baseURI: 'https://api.provider.example/v1',
        mediaType: 'json',
        ping: { relativeURI: '/me', method: 'GET' },
        auth: {
          type: 'oauth',
          failStatusCode: 401,
          oauth: {
            grantType: 'authorizecode',
            authURI: `${baseUrl}/provider/authorize`,
            tokenURI: 'https://provider.example/oauth/token',
            scope: ['read', 'offline_access'],
            scopeDelimiter: ' ',
            clientId: 'fake-client-id',
            clientSecret: `fake-client-secret-${randomBytes(6).toString('hex')}`,
          },
          token: { refreshMethod: 'POST', refreshMediaType: 'urlencoded' },
        },
      },
    };
  };

  return {
    baseUrl,
    token,
    options,
    requests,
    apiRequests: () => requests.filter((r) => r.path.startsWith('/v1/')),
    addConnection(partial) {
      const d = deepMerge(defaults(partial.name), partial as Json) as CeligoDoc;
      docs.set(d._id, d);
      return structuredClone(d);
    },
    addNonOAuthConnection(name) {
      const d = defaults(name);
      d.offline = false;
      d.http = {
        baseURI: 'https://api.other.example',
        mediaType: 'json',
        auth: { type: 'token', token: { token: `static-${randomBytes(6).toString('hex')}`, location: 'header' } },
      };
      docs.set(d._id, d);
      return structuredClone(d);
    },
    doc: (id) => structuredClone(mustDoc(id)),
    setOffline(id, offline) {
      const d = mustDoc(id);
      d.offline = offline;
      touch(d);
    },
    update(id, changes) {
      const d = mustDoc(id);
      deepMerge(d as Json, changes as Json);
      touch(d);
    },
    authorize,
    failNext(match, answer, times = 1) {
      failures.push({ match, answer, times });
    },
    clearFailures() {
      failures.length = 0;
    },
    authorizationUrlFor,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
