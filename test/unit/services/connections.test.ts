import { afterEach, describe, expect, it } from 'vitest';
import { relayUrl } from '../../../src/domain/public-urls.js';
import { celigoErrors } from '../../support/memory-celigo.js';
import { createHarness, type Harness, OPERATOR, PUBLIC_URL } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('connections', () => {
  it('list shows only OAuth 2.0 connections matching the filter by name or id, sorted by name', async () => {
    h = await createHarness();
    const b = h.celigo.add({ name: 'beta CRM', offline: false });
    const a = h.celigo.add({ name: 'Alpha CRM' });
    h.celigo.add({ name: 'CRM via FTP', type: 'ftp', authType: undefined });
    h.celigo.add({ name: 'Zulu', offline: undefined });
    const all = await h.services.connections.list(h.actor(OPERATOR), '');
    expect(all).toMatchObject({ ok: true });
    if (!all.ok) return;
    expect(all.value.map((c) => c.name)).toEqual(['Alpha CRM', 'beta CRM', 'Zulu']);
    expect(all.value.map((c) => c.state)).toEqual(['offline', 'online', 'unknown']);
    const crm = await h.services.connections.list(h.actor(OPERATOR), '  crm ');
    expect(crm.ok && crm.value.map((c) => c.id)).toEqual([a.id, b.id]);
    const byId = await h.services.connections.list(h.actor(OPERATOR), b.id.slice(-6));
    expect(byId.ok && byId.value.map((c) => c.id)).toEqual([b.id]);
    expect((await h.auditRows()).map((e) => [e.action, e.result])).toEqual([
      ['connections.list', 'ok'],
      ['connections.list', 'ok'],
      ['connections.list', 'ok'],
    ]);
  });

  it('search returns at most 100 and is not audited on success', async () => {
    h = await createHarness();
    for (let i = 0; i < 120; i++) h.celigo.add({ name: `Conn ${String(i).padStart(3, '0')}` });
    const r = await h.services.connections.search(h.actor(OPERATOR), 'conn');
    expect(r.ok && r.value.length).toBe(100);
    expect(await h.auditRows()).toEqual([]);
  });

  const failures = [
    { make: celigoErrors.auth, code: 'celigo_auth' },
    { make: celigoErrors.rateLimited, code: 'celigo_unavailable' },
    { make: celigoErrors.server, code: 'celigo_unavailable' },
    { make: celigoErrors.timeout, code: 'celigo_unavailable' },
  ] as const;
  for (const f of failures) {
    it(`a Celigo ${f.make().kind} error on list is ${f.code}, answered in plain words and audited`, async () => {
      h = await createHarness();
      h.celigo.failNext('listConnections', f.make());
      const r = await h.services.connections.list(h.actor(OPERATOR), '');
      expect(r).toMatchObject({ ok: false, code: f.code });
      if (!r.ok) expect(r.message).not.toContain('celigo-test-token');
      expect(await h.auditRows()).toEqual([
        expect.objectContaining({ action: 'connections.list', result: 'failed', detail: f.code }),
      ]);
    });
  }

  it('resolve accepts an id (any case) or an exact name, case-insensitively', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    expect(await h.services.connections.resolve(c.id.toUpperCase())).toMatchObject({ ok: true, value: { id: c.id } });
    expect(await h.services.connections.resolve('  ACME crm ')).toMatchObject({ ok: true, value: { id: c.id } });
    expect(await h.services.connections.resolve('Acme')).toMatchObject({
      ok: false,
      code: 'connection_not_found',
      message: expect.stringContaining('/celigo connections'),
    });
    expect(await h.services.connections.resolve('')).toMatchObject({ ok: false, code: 'connection_not_found' });
  });

  it('status shows state, the landing page behind the relay, and pending and recent links', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: 'https://partner.example.com/x' });
    const r = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      idempotencyKey: 'k',
    });
    if (!r.ok) throw new Error(r.message);
    const s = await h.services.connections.status(h.actor(OPERATOR), 'Acme CRM');
    expect(s).toMatchObject({
      ok: true,
      value: {
        connection: { id: c.id, redirectUrl: relayUrl(PUBLIC_URL, c.id) },
        state: 'offline',
        landingUrl: 'https://partner.example.com/x',
        relayActive: true,
        pendingLinks: [{ id: r.value.link.id }],
        recentLinks: [{ id: r.value.link.id }],
      },
    });
    expect((await h.auditRows()).at(-1)).toMatchObject({
      action: 'connection.status',
      result: 'ok',
      connectionId: c.id,
    });
  });

  it('status of an unknown id is connection_not_found and writes nothing', async () => {
    h = await createHarness();
    const s = await h.services.connections.status(h.actor(OPERATOR), 'dddddddddddddddddddddddd');
    expect(s).toMatchObject({ ok: false, code: 'connection_not_found' });
    expect(await h.auditRows()).toEqual([]);
  });
});
