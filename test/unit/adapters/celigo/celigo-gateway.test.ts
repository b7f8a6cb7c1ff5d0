import { afterEach, describe, expect, it } from 'vitest';
import {
  CeligoAuthError,
  CeligoNotFoundError,
  CeligoResponseShapeError,
  CeligoValidationError,
} from '../../../../src/adapters/celigo/celigo-errors.js';
import { LIST_INCLUDE } from '../../../../src/adapters/celigo/index.js';
import { type Harness, startHarness } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('listConnections', () => {
  it('follows Link rel="next" across pages and asks for the include= projection on every page', async () => {
    h = await startHarness({ pageSize: 2 });
    const names = ['A', 'B', 'C', 'D', 'E'];
    const added = names.map((name) => h.fake.addConnection({ name }));

    const list = await h.gateway.listConnections();

    expect(list.map((c) => c.name)).toEqual(names);
    expect(list.map((c) => c.id)).toEqual(added.map((d) => d._id));
    const reqs = h.fake.apiRequests();
    expect(reqs).toHaveLength(3);
    for (const r of reqs) {
      expect(r.method).toBe('GET');
      expect(r.path).toBe('/v1/connections');
      expect(r.auth).toBe(`Bearer ${h.fake.token}`);
      expect(r.query.get('include')).toBe(LIST_INCLUDE);
      expect(r.body).toBeUndefined();
    }
    expect(reqs.map((r) => r.query.get('skip'))).toEqual([null, '2', '4']);
  });

  it('maps the projected fields, including the redirect URL and offline flag', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({
      name: 'Shopify',
      http: { auth: { oauth: { oauth2RedirectUrl: 'https://partner.example/done' } } },
    });

    const [c] = await h.gateway.listConnections();

    expect(c).toEqual({
      id: d._id,
      name: 'Shopify',
      type: 'http',
      authType: 'oauth',
      grantType: 'authorizecode',
      offline: true,
      lastModified: d.lastModified,
      redirectUrl: 'https://partner.example/done',
    });
  });

  it('a 204 with no body means no connections', async () => {
    h = await startHarness();
    expect(await h.gateway.listConnections()).toEqual([]);
    expect(h.fake.apiRequests()).toHaveLength(1);
  });

  it('follows a relative next link on the same origin', async () => {
    h = await startHarness();
    h.fake.addConnection({ name: 'Only' });
    h.fake.failNext(
      { path: /^\/v1\/connections$/ },
      {
        status: 200,
        body: [{ _id: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'First' }],
        headers: { link: '</v1/connections?skip=1&limit=1>; rel="next"' },
      },
    );

    const list = await h.gateway.listConnections();

    expect(list.map((c) => c.name)).toEqual(['First']);
    expect(h.fake.apiRequests().map((r) => r.query.get('skip'))).toEqual([null, '1']);
  });

  it('refuses to follow a next link to another origin, so the token never leaves Celigo', async () => {
    h = await startHarness();
    h.fake.failNext(
      { path: /^\/v1\/connections$/ },
      {
        status: 200,
        body: [{ _id: 'aaaaaaaaaaaaaaaaaaaaaaaa', name: 'First' }],
        headers: { link: '<https://evil.example/v1/connections?skip=1>; rel="next"' },
      },
    );

    await expect(h.gateway.listConnections()).rejects.toBeInstanceOf(CeligoResponseShapeError);
    expect(h.fake.apiRequests()).toHaveLength(1);
  });

  it('a body that is not a list is a response-shape error', async () => {
    h = await startHarness();
    h.fake.failNext({ path: /^\/v1\/connections$/ }, { status: 200, body: '<html>proxy</html>' });
    await expect(h.gateway.listConnections()).rejects.toMatchObject({ kind: 'response_shape', status: 200 });
  });
});

describe('getConnection', () => {
  it('reads one connection and maps its fields', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Zendesk', offline: false });

    const c = await h.gateway.getConnection(d._id);

    expect(c).toMatchObject({ id: d._id, name: 'Zendesk', type: 'http', authType: 'oauth', offline: false });
    expect(c.redirectUrl).toBeUndefined();
    const [r] = h.fake.apiRequests();
    expect(r).toMatchObject({ method: 'GET', path: `/v1/connections/${d._id}`, auth: `Bearer ${h.fake.token}` });
  });

  it('leaves offline undefined when Celigo does not send it (Q-offline-signal)', async () => {
    h = await startHarness();
    // An `undefined` in addConnection removes the default, so the stored document has no `offline`.
    const d = h.fake.addConnection({ name: 'NoFlag', offline: undefined });
    expect('offline' in h.fake.doc(d._id)).toBe(false);

    const c = await h.gateway.getConnection(d._id);

    expect(c.offline).toBeUndefined();
  });

  it('an unknown id is CeligoNotFoundError with the route template, not the URL', async () => {
    h = await startHarness();
    const err = await h.gateway.getConnection('0123456789abcdef01234567').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CeligoNotFoundError);
    expect(err).toMatchObject({ status: 404, codes: ['not_found'], method: 'GET', route: '/v1/connections/:id' });
    expect((err as Error).message).not.toContain('127.0.0.1');
  });

  it('a malformed id is refused before any request', async () => {
    h = await startHarness();
    await expect(h.gateway.getConnection('../tokenInfo')).rejects.toBeInstanceOf(CeligoNotFoundError);
    expect(h.fake.requests).toHaveLength(0);
  });

  it('a refused token is CeligoAuthError that mentions a Full-access token (Q-custom-token-scope)', async () => {
    h = await startHarness({}, { apiToken: 'wrong-token' });
    const d = h.fake.addConnection({ name: 'X' });
    const err = await h.gateway.getConnection(d._id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CeligoAuthError);
    expect(err).toMatchObject({ kind: 'auth', status: 401, codes: ['unauthorized'] });
    expect((err as Error).message).toMatch(/Full-access token/);
    expect((err as Error).message).not.toContain('wrong-token');
    expect(h.fake.requests).toHaveLength(1); // 401 is not retried
  });
});

describe('getAuthorizationUrl', () => {
  it.each(['authorizationURL', 'authorizationUrl'] as const)(
    'accepts the %s spelling (Q-authorization-url-key)',
    async (key) => {
      h = await startHarness({ authorizationUrlKey: key });
      const d = h.fake.addConnection({ name: 'Box' });

      const url = await h.gateway.getAuthorizationUrl(d._id);

      expect(url).toMatch(
        new RegExp(`^${h.fake.baseUrl}/provider/authorize\\?connection=${d._id}&state=[0-9a-f]+&redirect_uri=[^&]+$`),
      );
      const [r] = h.fake.apiRequests();
      // Singular `connection` (Q-oauth2-path).
      expect(r).toMatchObject({
        method: 'GET',
        path: `/v1/connection/${d._id}/oauth2`,
        auth: `Bearer ${h.fake.token}`,
      });
    },
  );

  it('accepts the key in any letter case', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Box' });
    h.fake.failNext({ path: /oauth2$/ }, { status: 200, body: { AUTHORIZATIONURL: 'https://provider.example/a?x=1' } });
    expect(await h.gateway.getAuthorizationUrl(d._id)).toBe('https://provider.example/a?x=1');
  });

  it('gets a fresh URL on every call (Q-authorization-url-lifetime)', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Box' });
    const a = await h.gateway.getAuthorizationUrl(d._id);
    const b = await h.gateway.getAuthorizationUrl(d._id);
    expect(a).not.toBe(b);
    expect(h.fake.apiRequests()).toHaveLength(2);
  });

  it('a body without either key is CeligoResponseShapeError that does not quote the body', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Box' });
    h.fake.failNext({ path: /oauth2$/ }, { status: 200, body: { url: 'https://provider.example/secret-consent' } });

    const err = await h.gateway.getAuthorizationUrl(d._id).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CeligoResponseShapeError);
    expect((err as Error).message).not.toContain('provider.example');
  });

  it('a value that is not an http(s) URL is CeligoResponseShapeError', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Box' });
    h.fake.failNext({ path: /oauth2$/ }, { status: 200, body: { authorizationURL: 'javascript:alert(1)' } });
    await expect(h.gateway.getAuthorizationUrl(d._id)).rejects.toBeInstanceOf(CeligoResponseShapeError);
  });

  it('a non-OAuth connection is CeligoValidationError carrying Celigo’s code', async () => {
    h = await startHarness();
    const d = h.fake.addNonOAuthConnection('Static token');
    const err = await h.gateway.getAuthorizationUrl(d._id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CeligoValidationError);
    expect(err).toMatchObject({ status: 422, codes: ['invalid_connection'], route: '/v1/connection/:id/oauth2' });
  });

  it('Celigo messages holding a URL are not quoted in the error', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Box' });
    h.fake.failNext(
      { path: /oauth2$/ },
      { status: 400, body: { errors: [{ code: 'bad', message: 'See https://provider.example/x?token=abc' }] } },
    );
    const err = await h.gateway.getAuthorizationUrl(d._id).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'rejected', codes: ['bad'] });
    expect((err as Error).message).not.toContain('provider.example');
  });
});

describe('ping', () => {
  it('POSTs the ping and reports ok for an online connection', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Online', offline: false });

    expect(await h.gateway.ping(d._id)).toEqual({ ok: true });
    expect(h.fake.apiRequests()).toMatchObject([
      { method: 'POST', path: `/v1/connections/${d._id}/ping`, auth: `Bearer ${h.fake.token}` },
    ]);
  });

  it('a 200 carrying errors is a failure, with Celigo’s message as the reason (Q-ping-method)', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Offline' });
    const result = await h.gateway.ping(d._id);
    expect(result).toEqual({ ok: false, reason: 'Connection is offline. Authorize it to bring it online.' });
  });

  it('falls back to GET once when POST answers 405', async () => {
    h = await startHarness({ pingMethod: 'GET' });
    const d = h.fake.addConnection({ name: 'Online', offline: false });

    expect(await h.gateway.ping(d._id)).toEqual({ ok: true });
    expect(h.fake.apiRequests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /v1/connections/${d._id}/ping`,
      `GET /v1/connections/${d._id}/ping`,
    ]);
  });

  it('a 5xx is reported as a failed ping, not thrown, and POST is not retried', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Online', offline: false });
    h.fake.failNext({ method: 'POST', path: /ping$/ }, { status: 502, body: '<html>bad gateway</html>' });

    expect(await h.gateway.ping(d._id)).toEqual({ ok: false, reason: 'Celigo answered the ping with HTTP 502.' });
    expect(h.fake.apiRequests()).toHaveLength(1);
  });

  it('an unknown connection throws CeligoNotFoundError', async () => {
    h = await startHarness();
    await expect(h.gateway.ping('0123456789abcdef01234567')).rejects.toBeInstanceOf(CeligoNotFoundError);
  });
});

describe('tokenInfo', () => {
  it('returns the user id behind the token', async () => {
    h = await startHarness();
    expect(await h.gateway.tokenInfo()).toEqual({ userId: 'u-fake' });
    expect(h.fake.apiRequests()).toMatchObject([
      { method: 'GET', path: '/v1/tokenInfo', auth: `Bearer ${h.fake.token}` },
    ]);
  });
});
