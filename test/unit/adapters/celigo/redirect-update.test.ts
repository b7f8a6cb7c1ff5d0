import { afterEach, describe, expect, it } from 'vitest';
import {
  CeligoAuthError,
  CeligoNotConfirmedError,
  CeligoNotFoundError,
  CeligoServerError,
  CeligoUnsafeUpdateError,
} from '../../../../src/adapters/celigo/celigo-errors.js';
import { describeRedirectUpdate } from '../../../../src/adapters/celigo/redirect-update.js';
import { type Harness, OAUTH_WITH_ICLIENT, startHarness } from './harness.js';

const POINTER = '/http/auth/oauth/oauth2RedirectUrl';
const LANDING = 'https://partner.example/celigo/done';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const summary = (h: Harness) => h.fake.apiRequests().map((r) => `${r.method} ${r.path}`);
const noMaskSent = (h: Harness) =>
  h.fake.apiRequests().every((r) => r.body === undefined || !JSON.stringify(r.body).includes('******'));

/** Everything but the fields a write is expected to change. */
function stable(doc: Record<string, unknown>) {
  const copy = structuredClone(doc) as Record<string, unknown> & {
    http?: { auth?: { oauth?: Record<string, unknown> } };
  };
  delete copy['lastModified'];
  delete copy['lastModifiedBy'];
  delete copy.http?.auth?.oauth?.['oauth2RedirectUrl'];
  return copy;
}

describe('setRedirectUrl via PATCH', () => {
  it('adds the field with a JSON Patch "add" when absent, accepting 204, and confirms by reading back', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Shop' });

    const result = await h.gateway.setRedirectUrl(d._id, LANDING);

    expect(result).toMatchObject({ before: null, after: LANDING, method: 'patch' });
    expect(result.connection).toMatchObject({ id: d._id, redirectUrl: LANDING });
    expect(summary(h)).toEqual([
      `GET /v1/connections/${d._id}`,
      `PATCH /v1/connections/${d._id}`,
      `GET /v1/connections/${d._id}`,
    ]);
    const patch = h.fake.apiRequests()[1];
    expect(patch?.auth).toBe(`Bearer ${h.fake.token}`);
    expect(patch?.body).toEqual([{ op: 'add', path: POINTER, value: LANDING }]);
    expect(h.fake.doc(d._id).http.auth.oauth.oauth2RedirectUrl).toBe(LANDING);
  });

  it('replaces an existing value, accepting a 200 with a body', async () => {
    h = await startHarness({ patchStatus: 200 });
    const d = h.fake.addConnection({
      name: 'Shop',
      http: { auth: { oauth: { oauth2RedirectUrl: 'https://old.example/' } } },
    });

    const result = await h.gateway.setRedirectUrl(d._id, LANDING);

    expect(result).toMatchObject({ before: 'https://old.example/', after: LANDING, method: 'patch' });
    expect(h.fake.apiRequests()[1]?.body).toEqual([{ op: 'replace', path: POINTER, value: LANDING }]);
  });

  it.each([
    ['absent', undefined],
    ['set', 'https://old.example/'],
  ])('the dry-run description shows exactly the PATCH that is sent when the field is %s', async (_, old) => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Shop', http: { auth: { oauth: { oauth2RedirectUrl: old } } } });
    const described = h.gateway.describeRedirectUpdate(d._id, old ?? null, LANDING);

    await h.gateway.setRedirectUrl(d._id, LANDING);

    const sent = h.fake.apiRequests().find((r) => r.method === 'PATCH');
    expect(described.split('\n')[0]).toBe(`PATCH /v1/connections/${d._id}`);
    expect(described).toContain(JSON.stringify(sent?.body, null, 2));
    expect(described).toContain(old === undefined ? '"op": "add"' : '"op": "replace"');
    expect(describeRedirectUpdate(d._id, old ?? null, LANDING)).toBe(described);
  });

  it('null removes the field with a "remove" operation', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Shop', http: { auth: { oauth: { oauth2RedirectUrl: LANDING } } } });

    const result = await h.gateway.setRedirectUrl(d._id, null);

    expect(result).toMatchObject({ before: LANDING, after: null, method: 'patch' });
    expect(h.fake.apiRequests()[1]?.body).toEqual([{ op: 'remove', path: POINTER }]);
    expect('oauth2RedirectUrl' in h.fake.doc(d._id).http.auth.oauth).toBe(false);
  });

  it('writes nothing when the value is already set', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Shop', http: { auth: { oauth: { oauth2RedirectUrl: LANDING } } } });

    expect(await h.gateway.setRedirectUrl(d._id, LANDING)).toMatchObject({ before: LANDING, after: LANDING });
    expect(summary(h)).toEqual([`GET /v1/connections/${d._id}`, `GET /v1/connections/${d._id}`]);
  });

  it('a PATCH that answers 204 but changed nothing is CeligoNotConfirmedError', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Shop' });
    h.fake.failNext({ method: 'PATCH' }, { status: 204 });

    const err = await h.gateway.setRedirectUrl(d._id, LANDING).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CeligoNotConfirmedError);
    expect(err).toMatchObject({ kind: 'not_confirmed' });
    expect((err as Error).message).not.toContain(LANDING);
  });

  it('a 5xx on PATCH is not retried and does not fall back to PUT', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Shop' });
    h.fake.failNext({ method: 'PATCH' }, { status: 503, body: { errors: [{ code: 'unavailable', message: 'Down' }] } });

    await expect(h.gateway.setRedirectUrl(d._id, LANDING)).rejects.toBeInstanceOf(CeligoServerError);
    expect(summary(h)).toEqual([`GET /v1/connections/${d._id}`, `PATCH /v1/connections/${d._id}`]);
  });

  it('a 403 on PATCH is final: CeligoAuthError, no PUT', async () => {
    h = await startHarness();
    const d = h.fake.addConnection({ name: 'Shop' });
    h.fake.failNext(
      { method: 'PATCH' },
      { status: 403, body: { errors: [{ code: 'forbidden', message: 'No access' }] } },
    );

    await expect(h.gateway.setRedirectUrl(d._id, LANDING)).rejects.toBeInstanceOf(CeligoAuthError);
    expect(h.fake.apiRequests().some((r) => r.method === 'PUT')).toBe(false);
  });

  it('an unknown connection is CeligoNotFoundError and nothing is written', async () => {
    h = await startHarness();
    await expect(h.gateway.setRedirectUrl('0123456789abcdef01234567', LANDING)).rejects.toBeInstanceOf(
      CeligoNotFoundError,
    );
    expect(summary(h)).toEqual(['GET /v1/connections/0123456789abcdef01234567']);
  });
});

describe('setRedirectUrl falls back to GET-merge-PUT when PATCH is refused (Q-patch-redirect-url)', () => {
  it('PUTs the whole merged document and the stored connection keeps every other field', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Shop', ...OAUTH_WITH_ICLIENT, _integrationId: 'abc', debugDate: null });
    const original = h.fake.doc(d._id);

    const result = await h.gateway.setRedirectUrl(d._id, LANDING);

    expect(result).toMatchObject({ before: null, after: LANDING, method: 'put' });
    expect(summary(h)).toEqual([
      `GET /v1/connections/${d._id}`,
      `PATCH /v1/connections/${d._id}`,
      `GET /v1/connections/${d._id}`,
      `PUT /v1/connections/${d._id}`,
      `GET /v1/connections/${d._id}`,
    ]);
    const stored = h.fake.doc(d._id);
    expect(stored.http.auth.oauth.oauth2RedirectUrl).toBe(LANDING);
    expect(stable(stored)).toEqual(stable(original));
    const put = h.fake.apiRequests()[3];
    expect(put?.auth).toBe(`Bearer ${h.fake.token}`);
    expect(put?.body).toMatchObject({
      name: 'Shop',
      type: 'http',
      http: { auth: { oauth: { oauth2RedirectUrl: LANDING } } },
    });
    // Server-set fields are not sent back.
    for (const k of ['_id', 'createdAt', 'lastModified', 'lastModifiedBy']) expect(put?.body).not.toHaveProperty(k);
    expect(noMaskSent(h)).toBe(true);
  });

  it('removing the value by PUT drops only that field', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({
      name: 'Shop',
      ...OAUTH_WITH_ICLIENT,
      http: { ...OAUTH_WITH_ICLIENT.http, auth: { oauth: { clientSecret: undefined, oauth2RedirectUrl: LANDING } } },
    });
    const original = h.fake.doc(d._id);

    expect(await h.gateway.setRedirectUrl(d._id, null)).toMatchObject({ before: LANDING, after: null, method: 'put' });
    expect(stable(h.fake.doc(d._id))).toEqual(stable(original));
    expect(noMaskSent(h)).toBe(true);
  });

  it('never sends a masked secret back: an authorized connection is refused with CeligoUnsafeUpdateError (Q-masked-secrets)', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Authorized', ...OAUTH_WITH_ICLIENT });
    h.fake.authorize(d._id);
    const secrets = h.fake.doc(d._id).http.auth.token;

    const err = await h.gateway.setRedirectUrl(d._id, LANDING).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CeligoUnsafeUpdateError);
    expect(err).toMatchObject({ kind: 'unsafe_update' });
    expect((err as Error).message).toMatch(/before the connection is authorized/);
    expect(h.fake.apiRequests().some((r) => r.method === 'PUT')).toBe(false);
    expect(noMaskSent(h)).toBe(true);
    const stored = h.fake.doc(d._id);
    expect(stored.http.auth.token).toEqual(secrets);
    expect(stored.http.auth.token.token).not.toBe('******');
    expect(stored.http.auth.oauth.oauth2RedirectUrl).toBeUndefined();
  });

  it('a connection holding a masked client secret is refused the same way, even before authorization', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Own secret' });
    const secret = h.fake.doc(d._id).http.auth.oauth.clientSecret;

    await expect(h.gateway.setRedirectUrl(d._id, LANDING)).rejects.toBeInstanceOf(CeligoUnsafeUpdateError);
    expect(h.fake.apiRequests().some((r) => r.method === 'PUT')).toBe(false);
    expect(h.fake.doc(d._id).http.auth.oauth.clientSecret).toBe(secret);
  });

  it('an edit made elsewhere between the GETs is detected and merged into, not overwritten', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Shop', ...OAUTH_WITH_ICLIENT });
    // Someone renames the connection in the integrator.io UI while our PATCH is being refused.
    h.fake.failNext({ method: 'PATCH' }, { effect: () => h.fake.update(d._id, { name: 'Shop (renamed)' }) });

    const result = await h.gateway.setRedirectUrl(d._id, LANDING);

    expect(result.method).toBe('put');
    const stored = h.fake.doc(d._id);
    expect(stored.name).toBe('Shop (renamed)');
    expect(stored.http.auth.oauth.oauth2RedirectUrl).toBe(LANDING);
    expect(summary(h)).toEqual([
      `GET /v1/connections/${d._id}`,
      `PATCH /v1/connections/${d._id}`,
      `GET /v1/connections/${d._id}`,
      `GET /v1/connections/${d._id}`,
      `PUT /v1/connections/${d._id}`,
      `GET /v1/connections/${d._id}`,
    ]);
  });

  it('a connection that keeps changing is left alone after one retry', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Busy', ...OAUTH_WITH_ICLIENT });
    let n = 0;
    h.fake.failNext(
      { method: 'GET', path: new RegExp(`/v1/connections/${d._id}$`) },
      { effect: () => h.fake.update(d._id, { name: `Busy ${++n}` }) },
      3,
    );

    const err = await h.gateway.setRedirectUrl(d._id, LANDING).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CeligoUnsafeUpdateError);
    expect((err as Error).message).toMatch(/kept changing/);
    expect(h.fake.apiRequests().some((r) => r.method === 'PUT')).toBe(false);
    expect(h.fake.doc(d._id).http.auth.oauth.oauth2RedirectUrl).toBeUndefined();
  });

  it('the PUT fallback is refused when the connection turned online before the re-GET: its fresh tokens stay', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Turning online', ...OAUTH_WITH_ICLIENT });
    // The customer finishes consent while our PATCH is being refused.
    h.fake.failNext({ method: 'PATCH' }, { effect: () => h.fake.setOffline(d._id, false) });

    const err = await h.gateway.setRedirectUrl(d._id, LANDING).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(CeligoUnsafeUpdateError);
    expect((err as Error).message).toMatch(/authorized \(online\).*nothing was written/);
    expect(h.fake.apiRequests().some((r) => r.method === 'PUT')).toBe(false);
    expect(h.fake.doc(d._id).offline).toBe(false);
    expect(h.fake.doc(d._id).http.auth.oauth.oauth2RedirectUrl).toBeUndefined();
  });

  it('the PUT fallback is refused on a connection already online', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Online', ...OAUTH_WITH_ICLIENT, offline: false });

    await expect(h.gateway.setRedirectUrl(d._id, LANDING)).rejects.toBeInstanceOf(CeligoUnsafeUpdateError);
    expect(h.fake.apiRequests().some((r) => r.method === 'PUT')).toBe(false);
  });

  it('a PUT that does not stick is CeligoNotConfirmedError', async () => {
    h = await startHarness({ patch: 'refused' });
    const d = h.fake.addConnection({ name: 'Shop', ...OAUTH_WITH_ICLIENT });
    h.fake.failNext({ method: 'PUT' }, { status: 200, body: {} });

    await expect(h.gateway.setRedirectUrl(d._id, LANDING)).rejects.toBeInstanceOf(CeligoNotConfirmedError);
  });
});
