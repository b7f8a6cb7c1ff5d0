/**
 * The fake integrator.io itself: its awkward behaviours are what the client tests rely on, and other
 * suites drive its consent page from a browser, so they are pinned here.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeCeligo, MASK, startFakeCeligo } from '../../../support/fake-celigo.js';

let fake: FakeCeligo;
afterEach(async () => {
  await fake?.close();
});

async function call(method: string, path: string, body?: unknown, token = fake.token) {
  const res = await request(`${fake.baseUrl}${path}`, {
    method: method as 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

async function form(path: string, fields: Record<string, string>) {
  const res = await request(`${fake.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  await res.body.text();
  return { status: res.statusCode, location: res.headers['location'] };
}

describe('fake integrator.io API', () => {
  it('answers 401 with the errors envelope for a wrong token', async () => {
    fake = await startFakeCeligo();
    const res = await call('GET', '/v1/tokenInfo', undefined, 'nope');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ errors: [{ code: 'unauthorized', message: 'Invalid or missing API token.' }] });
  });

  it('masks secrets on GET once they are set, and keeps them in clear internally', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({ name: 'A' });
    fake.authorize(d._id);
    const res = await call('GET', `/v1/connections/${d._id}`);
    expect(res.body.http.auth.token).toMatchObject({ token: MASK, refreshToken: MASK });
    expect(res.body.http.auth.oauth.clientSecret).toBe(MASK);
    expect(fake.doc(d._id).http.auth.token.token).toMatch(/^access-/);
    expect(res.body.offline).toBe(false);
  });

  it('PUT replaces the whole document: omitted fields are erased and "******" overwrites the stored secret', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({ name: 'A' });
    fake.authorize(d._id);
    const { body: masked } = await call('GET', `/v1/connections/${d._id}`);
    delete masked.http.baseURI;

    const put = await call('PUT', `/v1/connections/${d._id}`, masked);

    expect(put.status).toBe(200);
    const stored = fake.doc(d._id);
    expect(stored.http.baseURI).toBeUndefined();
    expect(stored.http.auth.token.token).toBe(MASK);
    expect(stored.lastModified > d.lastModified).toBe(true);
  });

  it('PUT of a fragment without name and type is a 422', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({ name: 'A' });
    const put = await call('PUT', `/v1/connections/${d._id}`, {
      http: { auth: { oauth: { oauth2RedirectUrl: 'x' } } },
    });
    expect(put.status).toBe(422);
    expect(fake.doc(d._id).name).toBe('A');
  });

  it('PATCH outside the whitelist, or when refused, is a 422 invalid_patch_path', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({ name: 'A' });
    const bad = await call('PATCH', `/v1/connections/${d._id}`, [{ op: 'replace', path: '/type', value: 'ftp' }]);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].code).toBe('invalid_patch_path');
    const renamed = await call('PATCH', `/v1/connections/${d._id}`, [{ op: 'replace', path: '/name', value: 'B' }]);
    expect(renamed.status).toBe(204);
    expect(fake.doc(d._id).name).toBe('B');
    fake.options.patch = 'refused';
    const refused = await call('PATCH', `/v1/connections/${d._id}`, [{ op: 'replace', path: '/name', value: 'C' }]);
    expect(refused.status).toBe(422);
  });

  it('serves the authorization URL only on the singular path', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({ name: 'A' });
    expect((await call('GET', `/v1/connections/${d._id}/oauth2`)).status).toBe(404);
    const ok = await call('GET', `/v1/connection/${d._id}/oauth2`);
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body)).toEqual(['authorizationURL']);
  });

  it('lists with include= projection and Link paging, 204 when empty', async () => {
    fake = await startFakeCeligo({ pageSize: 1 });
    expect((await call('GET', '/v1/connections')).status).toBe(204);
    fake.addConnection({ name: 'A' });
    fake.addConnection({ name: 'B' });
    const first = await call('GET', '/v1/connections?include=offline,http.auth.type');
    expect(first.body).toEqual([
      { _id: expect.any(String), name: 'A', offline: true, http: { auth: { type: 'oauth' } } },
    ]);
    expect(first.headers['link']).toMatch(
      new RegExp(`^<${fake.baseUrl}/v1/connections\\?include=.*skip=1&limit=1>; rel="next"$`),
    );
  });
});

describe('fake provider consent page', () => {
  it('Allow authorizes the connection and redirects to the custom landing page with nothing appended', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({
      name: 'Acme <Shop>',
      http: { auth: { oauth: { oauth2RedirectUrl: 'https://partner.example/done?x=1' } } },
    });
    const authUrl = new URL(fake.authorizationUrlFor(d._id));

    const page = await request(authUrl);
    const html = await page.body.text();
    expect(html).toContain('Allow access for Acme &lt;Shop&gt;?');

    const res = await form('/provider/decision', {
      connection: d._id,
      state: authUrl.searchParams.get('state') ?? '',
      decision: 'allow',
    });
    expect(res).toEqual({ status: 302, location: 'https://partner.example/done?x=1' });
    expect(fake.doc(d._id).offline).toBe(false);
  });

  it('Allow without a custom landing page goes to Celigo’s default page', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({ name: 'A' });
    const state = new URL(fake.authorizationUrlFor(d._id)).searchParams.get('state') ?? '';
    const res = await form('/provider/decision', { connection: d._id, state, decision: 'allow' });
    expect(res.location).toBe(`${fake.baseUrl}/connection/oauth2callback/done`);
    const done = await request(res.location as string);
    expect(await done.body.text()).toContain('Authorized');
  });

  it('Deny changes nothing and appends error=access_denied', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({
      name: 'A',
      http: { auth: { oauth: { oauth2RedirectUrl: 'https://partner.example/done' } } },
    });
    const state = new URL(fake.authorizationUrlFor(d._id)).searchParams.get('state') ?? '';
    const res = await form('/provider/decision', { connection: d._id, state, decision: 'deny' });
    expect(res).toEqual({ status: 302, location: 'https://partner.example/done?error=access_denied' });
    expect(fake.doc(d._id).offline).toBe(true);
    expect(fake.doc(d._id).lastModified).toBe(d.lastModified);
  });

  it('a forged state is refused', async () => {
    fake = await startFakeCeligo();
    const d = fake.addConnection({ name: 'A' });
    const res = await form('/provider/decision', { connection: d._id, state: 'forged', decision: 'allow' });
    expect(res.status).toBe(400);
    expect(fake.doc(d._id).offline).toBe(true);
  });
});
