import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, OPERATOR, STRANGER } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function makeEntries(n: number) {
  // Each refusal writes one audit entry.
  for (let i = 0; i < n; i++) await h.services.access.check(h.actor(STRANGER), 'view_status', `conn${i % 2}`);
}

describe('audit', () => {
  it('latest pages backwards, newest first, default 10, and records the view', async () => {
    h = await createHarness();
    await makeEntries(12);
    const first = await h.services.audit.latest(h.actor(OPERATOR), {});
    if (!first.ok) throw new Error(first.message);
    expect(first.value.entries.map((e) => e.seq)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(first.value.nextBeforeSeq).toBe(3);
    const second = await h.services.audit.latest(h.actor(OPERATOR), { beforeSeq: 3 });
    if (!second.ok) throw new Error(second.message);
    expect(second.value.entries.map((e) => e.seq)).toEqual([2, 1]);
    expect(second.value.nextBeforeSeq).toBeNull();
    expect((await h.auditRows()).filter((e) => e.action === 'audit.view')).toHaveLength(2);
  });

  it('latest for a connection resolves the reference and filters by it', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    await h.services.access.check(h.actor(STRANGER), 'view_status', c.id);
    await makeEntries(3);
    const r = await h.services.audit.latest(h.actor(OPERATOR), { connectionRef: 'acme crm', limit: 5 });
    expect(r.ok && r.value.entries.map((e) => e.connectionId)).toEqual([c.id]);
    expect(await h.services.audit.latest(h.actor(OPERATOR), { connectionRef: 'nope' })).toMatchObject({
      ok: false,
      code: 'connection_not_found',
    });
  });

  it('export walks oldest first and filters by connection, user and time', async () => {
    h = await createHarness();
    await makeEntries(4);
    h.clock.advance(60_000);
    const since = h.clock.now();
    await h.services.access.check(h.actor('UOTHER'), 'view_status', 'conn0');
    const collect = async (f: Parameters<Harness['services']['audit']['export']>[0]) => {
      const out = [];
      for await (const e of h.services.audit.export(f)) out.push(e.seq);
      return out;
    };
    expect(await collect({})).toEqual([1, 2, 3, 4, 5]);
    expect(await collect({ connectionId: 'conn0' })).toEqual([1, 3, 5]);
    expect(await collect({ userId: 'UOTHER' })).toEqual([5]);
    expect(await collect({ since })).toEqual([5]);
  });

  it('verify passes on an untouched log, and names the first edited entry', async () => {
    h = await createHarness();
    expect(await h.services.audit.verify()).toEqual({ ok: true, count: 0, keyed: 0 });
    await makeEntries(5);
    expect(await h.services.audit.verify()).toEqual({ ok: true, count: 5, keyed: 0 });
    await h.db.db.updateTable('audit_log').set({ detail: 'tampered' }).where('seq', '=', 3).execute();
    expect(await h.services.audit.verify()).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringContaining('changed'),
    });
  });

  it('verify catches a deleted middle entry and entries cut off the end', async () => {
    h = await createHarness();
    await makeEntries(5);
    await h.db.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect(await h.services.audit.verify()).toMatchObject({ ok: false, seq: 3 });

    await h.close();
    h = await createHarness();
    await makeEntries(5);
    await sql`delete from audit_log where seq >= 4`.execute(h.db.db);
    expect(await h.services.audit.verify()).toMatchObject({
      ok: false,
      seq: 4,
      problem: expect.stringContaining('removed'),
    });
  });
});
