import { afterEach, describe, expect, it } from 'vitest';
import { describeRedirectUpdate } from '../../../src/adapters/celigo/redirect-update.js';
import { relayUrl } from '../../../src/domain/public-urls.js';
import { celigoErrors } from '../../support/memory-celigo.js';
import { ADMIN, CHANNEL, createHarness, type Harness, OPERATOR, PUBLIC_URL, TEAM } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const NEW = 'https://partner.example.com/welcome';
const OLD = 'https://partner.example.com/old';

async function preview(ref: string, url = NEW, dryRun = false) {
  const r = await h.services.redirects.preview(h.actor(ADMIN), ref, url, dryRun);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('redirect without PUBLIC_URL (Celigo holds the landing page)', () => {
  it('preview shows current → new and writes nothing to Celigo; confirm applies, audits and tells the thread', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: OLD });
    const p = await preview('Acme CRM');
    expect(p).toMatchObject({ current: OLD, next: NEW, dryRun: false, request: null, alreadyAuthorized: false });
    expect(h.celigo.calls.setRedirectUrl).toBe(0);
    expect(await h.db.storage.redirectChanges.get(p.changeId)).toMatchObject({
      state: 'proposed',
      before: OLD,
      after: NEW,
      celigoValue: NEW,
    });

    const r = await h.services.redirects.confirm(h.actor(ADMIN), p.changeId);
    expect(r).toEqual({ ok: true, value: { before: OLD, after: NEW } });
    expect(h.celigo.redirectWrites).toEqual([{ id: c.id, url: NEW }]);
    expect(await h.db.storage.settings.get(c.id)).toMatchObject({
      landingUrl: NEW,
      relayActive: false,
      updatedBy: ADMIN,
    });
    const set = (await h.auditRows()).filter((e) => e.action === 'redirect.set');
    expect(set).toEqual([
      expect.objectContaining({ before: OLD, after: NEW, result: 'ok', userId: ADMIN, connectionId: c.id }),
    ]);
    const out = await h.outbox();
    expect(out).toContainEqual({
      kind: 'reply',
      thread: { teamId: TEAM, channelId: CHANNEL, connectionId: c.id },
      event: { type: 'redirect.changed', by: ADMIN, before: OLD, after: NEW, changeId: p.changeId, viaRelay: false },
      // Named, so the reply can lose its Undo when a newer change supersedes it.
      ref: `change:${p.changeId}`,
    });
    expect(out.find((m) => m.kind === 'card')).toMatchObject({ card: { landingUrl: NEW, relayActive: false } });
  });

  it('confirm twice (a double click) applies once; the second gets change_closed', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: OLD });
    const p = await preview(c.id);
    const [a, b] = await Promise.all([
      h.services.redirects.confirm(h.actor(ADMIN), p.changeId),
      h.services.redirects.confirm(h.actor(ADMIN), p.changeId),
    ]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect([a, b].find((r) => !r.ok)).toMatchObject({ code: 'change_closed' });
    expect(h.celigo.calls.setRedirectUrl).toBe(1);
    const sets = (await h.auditRows()).filter((e) => e.action === 'redirect.set');
    expect(sets.map((e) => e.result).sort()).toEqual(['ok', 'refused']);
    expect(sets.find((e) => e.result === 'refused')?.detail).toBe(`change ${p.changeId}: change_closed`);
  });

  it('undo restores the exact previous value, including "none"', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM' });
    const p = await preview(c.id);
    await h.services.redirects.confirm(h.actor(ADMIN), p.changeId);
    expect(h.celigo.get(c.id).redirectUrl).toBe(NEW);
    const u = await h.services.redirects.undo(h.actor(ADMIN), p.changeId);
    expect(u).toEqual({ ok: true, value: { restored: null } });
    expect(h.celigo.redirectWrites.at(-1)).toEqual({ id: c.id, url: null });
    expect(h.celigo.get(c.id).redirectUrl).toBeUndefined();
    expect((await h.db.storage.redirectChanges.get(p.changeId))?.state).toBe('undone');
    expect((await h.auditRows()).find((e) => e.action === 'redirect.undo')).toMatchObject({
      before: NEW,
      after: null,
      result: 'ok',
    });
    expect((await h.outbox()).filter((m) => m.kind === 'reply' && m.event.type === 'redirect.undone')).toEqual([
      expect.objectContaining({
        event: { type: 'redirect.undone', by: ADMIN, before: NEW, after: null, changeId: p.changeId },
      }),
    ]);
    expect(await h.services.redirects.undo(h.actor(ADMIN), p.changeId)).toMatchObject({
      ok: false,
      code: 'change_closed',
    });
  });

  it('a Celigo failure on confirm marks the change failed, audits it and changes nothing stored', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: OLD });
    const p = await preview(c.id);
    h.celigo.failNext('setRedirectUrl', celigoErrors.server());
    const r = await h.services.redirects.confirm(h.actor(ADMIN), p.changeId);
    expect(r).toMatchObject({ ok: false, code: 'celigo_unavailable' });
    expect((await h.db.storage.redirectChanges.get(p.changeId))?.state).toBe('failed');
    expect((await h.auditRows()).find((e) => e.action === 'redirect.set')).toMatchObject({
      result: 'failed',
      detail: expect.stringContaining('server'),
    });
    expect(await h.db.storage.settings.get(c.id)).toBeUndefined();
    expect(await h.outbox()).toEqual([]);
  });

  it('a write Celigo accepts but does not show on read-back is update_not_confirmed', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM' });
    const p = await preview(c.id);
    h.celigo.failNext('setRedirectUrl', celigoErrors.notConfirmed());
    expect(await h.services.redirects.confirm(h.actor(ADMIN), p.changeId)).toMatchObject({
      ok: false,
      code: 'update_not_confirmed',
    });
  });

  it('a failed undo leaves the change applied so it can be tried again', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: OLD });
    const p = await preview(c.id);
    await h.services.redirects.confirm(h.actor(ADMIN), p.changeId);
    h.celigo.failNext('setRedirectUrl', celigoErrors.auth());
    expect(await h.services.redirects.undo(h.actor(ADMIN), p.changeId)).toMatchObject({
      ok: false,
      code: 'celigo_auth',
    });
    expect((await h.db.storage.redirectChanges.get(p.changeId))?.state).toBe('applied');
    expect((await h.auditRows()).find((e) => e.action === 'redirect.undo')).toMatchObject({ result: 'failed' });
    expect(await h.services.redirects.undo(h.actor(ADMIN), p.changeId)).toMatchObject({
      ok: true,
      value: { restored: OLD },
    });
    expect(h.celigo.get(c.id).redirectUrl).toBe(OLD);
  });

  it('dry run shows the exact Celigo request, audits dry_run, and can never be confirmed', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: OLD });
    const p = await preview(c.id, NEW, true);
    expect(p.request).toBe(describeRedirectUpdate(c.id, OLD, NEW));
    expect((await h.auditRows()).find((e) => e.action === 'redirect.preview')).toMatchObject({
      result: 'dry_run',
      before: OLD,
      after: NEW,
    });
    expect(await h.services.redirects.confirm(h.actor(ADMIN), p.changeId)).toMatchObject({
      ok: false,
      code: 'change_closed',
    });
    expect(h.celigo.calls.setRedirectUrl).toBe(0);
  });

  it('cancel closes the preview; confirm afterwards is change_closed', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM' });
    const p = await preview(c.id);
    expect(await h.services.redirects.cancel(h.actor(ADMIN), p.changeId)).toEqual({ ok: true, value: undefined });
    expect(await h.services.redirects.cancel(h.actor(ADMIN), p.changeId)).toMatchObject({
      ok: false,
      code: 'change_closed',
    });
    expect(await h.services.redirects.confirm(h.actor(ADMIN), p.changeId)).toMatchObject({
      ok: false,
      code: 'change_closed',
    });
    const rows = (await h.auditRows()).filter((e) => e.action === 'redirect.cancel' || e.action === 'redirect.set');
    expect(rows.map((e) => `${e.action}:${e.result}:${e.detail}`)).toEqual([
      `redirect.cancel:ok:change ${p.changeId}`,
      `redirect.cancel:refused:change ${p.changeId}: change_closed`,
      `redirect.set:refused:change ${p.changeId}: change_closed`,
    ]);
  });

  it('a preview older than 30 minutes cannot be confirmed', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM' });
    const p = await preview(c.id);
    h.clock.advance(31 * 60_000);
    expect(await h.services.redirects.confirm(h.actor(ADMIN), p.changeId)).toMatchObject({
      ok: false,
      code: 'change_closed',
    });
    expect((await h.db.storage.redirectChanges.get(p.changeId))?.state).toBe('expired');
    expect(h.celigo.calls.setRedirectUrl).toBe(0);
  });

  it('confirm re-checks the role of whoever clicks, not of whoever previewed', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM' });
    const p = await preview(c.id);
    expect(await h.services.redirects.confirm(h.actor(OPERATOR), p.changeId)).toMatchObject({
      ok: false,
      code: 'not_allowed',
    });
    expect((await h.db.storage.redirectChanges.get(p.changeId))?.state).toBe('proposed');
    expect(await h.services.redirects.confirm({ ...h.actor(ADMIN), teamId: 'TOTHER' }, p.changeId)).toMatchObject({
      ok: false,
      code: 'change_not_found',
    });
    expect(await h.services.redirects.confirm(h.actor(ADMIN), 'no-such-change')).toMatchObject({
      ok: false,
      code: 'change_not_found',
    });
  });

  const bad = [
    { url: 'ftp://partner.example.com/', code: 'redirect_not_allowed' },
    { url: 'https://user:pw@partner.example.com/', code: 'redirect_not_allowed' },
    { url: 'not a url', code: 'redirect_not_allowed' },
    { url: `https://partner.example.com/${'x'.repeat(2100)}`, code: 'redirect_not_allowed' },
  ];
  for (const b of bad) {
    it(`preview of ${b.url.slice(0, 40)} is ${b.code} and writes nothing`, async () => {
      h = await createHarness({ PUBLIC_URL: undefined });
      const c = h.celigo.add({ name: 'Acme CRM' });
      expect(await h.services.redirects.preview(h.actor(ADMIN), c.id, b.url, false)).toMatchObject({
        ok: false,
        code: b.code,
      });
      // The user's mistake is audited with its code; nothing else is recorded or sent.
      expect((await h.auditRows()).map((e) => `${e.action}:${e.result}:${e.detail}`)).toEqual([
        `redirect.preview:refused:${b.code}`,
      ]);
      expect(h.celigo.calls.getConnection).toBe(0);
    });
  }

  it('preview of a non-OAuth connection is not_oauth', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'FTP', type: 'ftp', authType: undefined });
    expect(await h.services.redirects.preview(h.actor(ADMIN), c.id, NEW, false)).toMatchObject({
      ok: false,
      code: 'not_oauth',
    });
    expect(await h.auditRows()).toEqual([
      expect.objectContaining({
        action: 'redirect.preview',
        result: 'refused',
        connectionId: c.id,
        detail: 'not_oauth',
      }),
    ]);
  });

  it('preview flags an already authorized connection (Q-masked-secrets)', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM', offline: false });
    expect((await preview(c.id)).alreadyAuthorized).toBe(true);
  });
});

describe('redirect with PUBLIC_URL (through the return relay)', () => {
  it('Celigo gets the relay URL; the landing page is stored; the thread shows the landing pages', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: OLD });
    const p = await preview(c.id);
    expect(p.current).toBe(OLD);
    expect(await h.db.storage.redirectChanges.get(p.changeId)).toMatchObject({
      celigoValue: relayUrl(PUBLIC_URL, c.id),
      before: OLD,
    });
    const r = await h.services.redirects.confirm(h.actor(ADMIN), p.changeId);
    expect(r).toEqual({ ok: true, value: { before: OLD, after: NEW } });
    expect(h.celigo.get(c.id).redirectUrl).toBe(relayUrl(PUBLIC_URL, c.id));
    expect(await h.db.storage.settings.get(c.id)).toMatchObject({ landingUrl: NEW, relayActive: true });
    expect((await h.outbox()).find((m) => m.kind === 'reply')).toMatchObject({
      event: { type: 'redirect.changed', viaRelay: true, before: OLD, after: NEW },
    });
  });

  it('with the relay in place only the stored landing page changes (no Celigo write); undo restores it', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: OLD });
    await h.services.redirects.confirm(
      h.actor(ADMIN),
      (await preview(c.id, 'https://partner.example.com/first')).changeId,
    );
    expect(h.celigo.calls.setRedirectUrl).toBe(1);

    const p = await preview(c.id, NEW);
    expect(p.current).toBe('https://partner.example.com/first');
    expect(await h.services.redirects.confirm(h.actor(ADMIN), p.changeId)).toEqual({
      ok: true,
      value: { before: 'https://partner.example.com/first', after: NEW },
    });
    expect(h.celigo.calls.setRedirectUrl).toBe(1);
    expect((await h.db.storage.settings.get(c.id))?.landingUrl).toBe(NEW);

    expect(await h.services.redirects.undo(h.actor(ADMIN), p.changeId)).toEqual({
      ok: true,
      value: { restored: 'https://partner.example.com/first' },
    });
    expect(h.celigo.calls.setRedirectUrl).toBe(1);
    expect(await h.db.storage.settings.get(c.id)).toMatchObject({
      landingUrl: 'https://partner.example.com/first',
      relayActive: true,
    });
  });

  it('undoing the first relay change puts Celigo’s exact old value back and turns the relay off', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: OLD });
    const p = await preview(c.id);
    await h.services.redirects.confirm(h.actor(ADMIN), p.changeId);
    await h.services.redirects.undo(h.actor(ADMIN), p.changeId);
    expect(h.celigo.get(c.id).redirectUrl).toBe(OLD);
    expect(await h.db.storage.settings.get(c.id)).toMatchObject({ landingUrl: null, relayActive: false });
  });
});
