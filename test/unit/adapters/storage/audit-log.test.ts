import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../../src/adapters/storage/index.js';
import { type AuditEntry, GENESIS_HASH, hashAudit, verifyChain } from '../../../../src/domain/audit.js';
import type { AuditLog } from '../../../../src/ports/storage.js';
import { buildAuditReader } from '../../../../src/services/audit/audit-reader.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../../../support/databases.js';
import { auditInput, later, T0 } from './fixtures.js';

async function all(log: AuditLog, batchSize?: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of log.iterate(batchSize)) out.push(e);
  return out;
}

/** PostgreSQL: returns once a session on this database waits for a lock (a row's, a transaction's…). */
async function untilSomeoneWaitsForALock(db: Kysely<Database>): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from pg_locks l
      join pg_stat_activity a on a.pid = l.pid where not l.granted and a.datname = current_database()`.execute(db);
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** PostgreSQL's plan with sequential scans ruled out (a few test rows would otherwise be read whole). */
async function postgresPlan(db: Kysely<Database>, text: string, params: readonly unknown[]): Promise<string> {
  return db.connection().execute(async (c) => {
    await sql`set enable_seqscan = off`.execute(c);
    try {
      const { rows } = await c.executeQuery<{ 'QUERY PLAN': string }>({
        sql: `explain ${text}`,
        parameters: params,
        query: { kind: 'RawNode', sqlFragments: [], parameters: [] } as never,
        queryId: { queryId: 'plan' },
      });
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await sql`reset enable_seqscan`.execute(c);
    }
  });
}

for (const dialect of DIALECTS) {
  describe(`audit log on ${dialect}`, () => {
    let t: TestStorage;
    beforeAll(async () => {
      t = await openTestStorage(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });
    beforeEach(async () => {
      await t.reset();
    });

    it('the first entry is seq 1, chained to the genesis hash, and becomes the head', async () => {
      expect(await t.storage.audit.head()).toBeUndefined();
      const e = await t.storage.audit.append(auditInput({ detail: 'Acme Corp' }), T0);
      expect(e).toMatchObject({ seq: 1, at: T0.toISOString(), prevHash: GENESIS_HASH, detail: 'Acme Corp' });
      expect(e.hash).toBe(hashAudit(e));
      expect(await t.storage.audit.head()).toEqual({ seq: 1, hash: e.hash });
      expect(await t.storage.audit.query({})).toEqual([e]);
    });

    it('with a key the entry is HMAC-hashed and says so; entries without one stay plain SHA-256', async () => {
      const key = new Uint8Array(32).fill(9);
      const plain = await t.storage.audit.append(auditInput(), T0);
      const keyed = await t.storage.audit.append(auditInput(), later(1), key);
      expect(plain.scheme).toBe('sha256');
      expect(keyed.scheme).toBe('hmac-sha256');
      expect(keyed.hash).toBe(hashAudit(keyed, key));
      expect(keyed.hash).not.toBe(hashAudit(keyed));
      expect(await all(t.storage.audit)).toEqual([plain, keyed]);
      expect(verifyChain(await all(t.storage.audit), key)).toEqual({ ok: true, count: 2 });
    });

    it('a chain of many entries reads back in order and verifies', async () => {
      for (let i = 0; i < 60; i++) {
        await t.storage.audit.append(auditInput({ requestId: `r${i}`, before: i % 2 ? 'a' : null }), later(i));
      }
      const entries = await all(t.storage.audit, 7);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(verifyChain(entries)).toEqual({ ok: true, count: 60 });
      expect(await t.storage.audit.head()).toEqual({ seq: 60, hash: entries[59]?.hash });
    });

    it('iterate ends cleanly when the count is a multiple of the batch size, and on an empty log', async () => {
      expect(await all(t.storage.audit)).toEqual([]);
      for (let i = 0; i < 4; i++) await t.storage.audit.append(auditInput(), later(i));
      expect((await all(t.storage.audit, 2)).length).toBe(4);
    });

    it('an edited row no longer verifies', async () => {
      for (let i = 0; i < 3; i++) await t.storage.audit.append(auditInput(), later(i));
      await t.db.updateTable('audit_log').set({ detail: 'tampered' }).where('seq', '=', 2).execute();
      expect(verifyChain(await all(t.storage.audit))).toEqual({ ok: false, seq: 2, problem: 'hash_mismatch' });
    });

    it('verify walks the log in pages and finds a changed entry in the second page', async () => {
      // More entries than one page of the default size (2000), written in one transaction to stay quick.
      const key = new Uint8Array(32).fill(3);
      await t.storage.transaction(async (tx) => {
        for (let i = 0; i < 2003; i++) await tx.audit.append(auditInput({ requestId: `r${i}` }), later(i), key);
      });
      const reader = buildAuditReader(t.storage.audit, key);
      expect(await reader.verify()).toEqual({ ok: true, count: 2003, keyed: 2003 });
      await t.db.updateTable('audit_log').set({ detail: 'tampered' }).where('seq', '=', 2002).execute();
      expect(await reader.verify()).toMatchObject({ ok: false, seq: 2002, count: 2001 });
      // Unkeyed rows after keyed ones are refused in the second page too.
      await sql`update audit_log set detail = null, hash_scheme = 'sha256' where seq = 2002`.execute(t.db);
      expect(await reader.verify()).toMatchObject({
        ok: false,
        seq: 2002,
        problem: expect.stringContaining('without the key'),
      });
      const seqs = [];
      for await (const e of reader.export({})) seqs.push(e.seq);
      expect(seqs).toEqual(Array.from({ length: 2003 }, (_, i) => i + 1));
    });

    it('concurrent appends on one storage still form one chain', async () => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => t.storage.audit.append(auditInput(), later(i))));
      expect(verifyChain(await all(t.storage.audit))).toEqual({ ok: true, count: 20 });
    });

    it('append inside a caller’s transaction joins it and rolls back with it', async () => {
      await t.storage.audit.append(auditInput(), T0);
      await expect(
        t.storage.transaction(async (tx) => {
          const e = await tx.audit.append(auditInput({ action: 'redirect.set' }), later(1));
          expect(e.seq).toBe(2);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await t.storage.audit.head()).toMatchObject({ seq: 1 });
      const next = await t.storage.audit.append(auditInput(), later(2));
      expect(next.seq).toBe(2);
      expect(verifyChain(await all(t.storage.audit))).toEqual({ ok: true, count: 2 });
    });

    describe('query', () => {
      beforeEach(async () => {
        // seq 1..10 at T0+0..9 min; odd seqs by U1 on connection A, even by U2 on connection B.
        for (let i = 0; i < 10; i++) {
          const odd = i % 2 === 0;
          await t.storage.audit.append(
            auditInput({ userId: odd ? 'U1' : 'U2', connectionId: odd ? 'a'.repeat(24) : 'b'.repeat(24) }),
            later(i * 60_000),
          );
        }
      });

      it('defaults to the newest entries first', async () => {
        expect((await t.storage.audit.query({})).map((e) => e.seq)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
        expect((await t.storage.audit.query({ order: 'asc', limit: 3 })).map((e) => e.seq)).toEqual([1, 2, 3]);
      });

      it('filters by connection and by user', async () => {
        expect((await t.storage.audit.query({ connectionId: 'a'.repeat(24) })).map((e) => e.seq)).toEqual([
          9, 7, 5, 3, 1,
        ]);
        expect((await t.storage.audit.query({ userId: 'U2', limit: 2 })).map((e) => e.seq)).toEqual([10, 8]);
        expect(await t.storage.audit.query({ userId: 'U404' })).toEqual([]);
      });

      it('filters by action, together with the other filters; an empty list matches nothing', async () => {
        await t.storage.audit.append(
          auditInput({ action: 'connection.offline', connectionId: 'a'.repeat(24) }),
          later(20 * 60_000),
        );
        await t.storage.audit.append(
          auditInput({ action: 'connection.online', connectionId: 'b'.repeat(24) }),
          later(21 * 60_000),
        );
        const states = ['connection.offline', 'connection.online'] as const;
        expect((await t.storage.audit.query({ actions: states })).map((e) => e.seq)).toEqual([12, 11]);
        expect(
          (await t.storage.audit.query({ actions: states, connectionId: 'a'.repeat(24) })).map((e) => e.action),
        ).toEqual(['connection.offline']);
        expect(await t.storage.audit.query({ actions: [] })).toEqual([]);
      });

      it("a connection's newest entry of one action is one index seek, not a walk through its other entries", async () => {
        const conn = 'a'.repeat(24);
        await t.storage.audit.append(
          auditInput({ action: 'connection.offline', connectionId: conn }),
          later(20 * 60_000),
        );
        for (let i = 0; i < 50; i++) {
          await t.storage.audit.append(
            auditInput({ action: 'connection.status', connectionId: conn }),
            later(21 * 60_000),
          );
        }
        const [newest] = await t.storage.audit.query({
          connectionId: conn,
          actions: ['connection.offline'],
          order: 'desc',
          limit: 1,
        });
        expect(newest).toMatchObject({ seq: 11, action: 'connection.offline' });
        // The same query as the store builds it: the planner must pick the index with the action in it.
        const q = t.db
          .selectFrom('audit_log')
          .selectAll()
          .where('connection_id', '=', conn)
          .where('action', 'in', ['connection.offline'])
          .orderBy('seq', 'desc')
          .limit(1)
          .compile();
        const plan =
          dialect === 'sqlite'
            ? (await t.db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` })).rows
                .map((r) => r.detail)
                .join('\n')
            : await postgresPlan(t.db, q.sql, q.parameters);
        expect(plan).toContain('audit_by_connection_action');
      });

      it('since is inclusive and until exclusive', async () => {
        const got = await t.storage.audit.query({ since: later(2 * 60_000), until: later(5 * 60_000), order: 'asc' });
        expect(got.map((e) => e.seq)).toEqual([3, 4, 5]);
      });

      it('beforeSeq pages backwards from the newest', async () => {
        const page1 = await t.storage.audit.query({ limit: 4 });
        const page2 = await t.storage.audit.query({ limit: 4, beforeSeq: page1.at(-1)?.seq ?? 0 });
        expect(page2.map((e) => e.seq)).toEqual([6, 5, 4, 3]);
      });

      it('limits are clamped between 1 and 500', async () => {
        expect(await t.storage.audit.query({ limit: 0 })).toHaveLength(1);
        await t.storage.transaction(async (tx) => {
          for (let i = 0; i < 60; i++) await tx.audit.append(auditInput(), later(3_600_000 + i));
        });
        expect(await t.storage.audit.query({})).toHaveLength(50);
        expect(await t.storage.audit.query({ limit: 10_000 })).toHaveLength(70);
      });
    });

    it('a head row that was removed is recreated by the next append', async () => {
      await t.db.deleteFrom('audit_head').execute();
      const first = await t.storage.audit.append(auditInput(), T0);
      const second = await t.storage.audit.append(auditInput(), later(1));
      expect([first.seq, second.seq]).toEqual([1, 2]);
      expect(await t.storage.audit.head()).toEqual({ seq: 2, hash: second.hash });
      expect(verifyChain(await all(t.storage.audit))).toEqual({ ok: true, count: 2 });
    });

    if (dialect === 'postgres') {
      it('an append that meets another transaction’s uncommitted entry waits, then follows it or takes its seq', async () => {
        const replica = await t.openReplica();
        for (const outcome of ['commit', 'rollback'] as const) {
          await t.reset();
          let racing: Promise<AuditEntry> | undefined;
          const held = t.storage.transaction(async (tx) => {
            await tx.audit.append(auditInput({ userId: 'U1' }), T0);
            racing = replica.audit.append(auditInput({ userId: 'U2' }), later(1));
            await untilSomeoneWaitsForALock(t.db); // the other replica's append, on this transaction's head row
            if (outcome === 'rollback') throw new Error('rolled back');
          });
          if (outcome === 'rollback') await expect(held).rejects.toThrow('rolled back');
          else await held;
          const second = await racing;
          const entries = await all(t.storage.audit);
          expect(entries.map((e) => e.userId)).toEqual(outcome === 'commit' ? ['U1', 'U2'] : ['U2']);
          expect(second).toEqual(entries.at(-1));
          expect(verifyChain(entries)).toEqual({ ok: true, count: entries.length });
          expect(await t.storage.audit.head()).toEqual({ seq: entries.length, hash: entries.at(-1)?.hash });
        }
      });

      it('two replicas appending concurrently keep one valid chain', async () => {
        const replica = await t.openReplica({ poolSize: 4 });
        const write = (log: AuditLog, who: string) =>
          Promise.all(Array.from({ length: 40 }, (_, i) => log.append(auditInput({ userId: who }), later(i))));
        await Promise.all([write(t.storage.audit, 'U1'), write(replica.audit, 'U2')]);
        const entries = await all(replica.audit, 25);
        expect(verifyChain(entries)).toEqual({ ok: true, count: 80 });
        expect(entries.filter((e) => e.userId === 'U2')).toHaveLength(40);
        expect(await t.storage.audit.head()).toEqual({ seq: 80, hash: entries[79]?.hash });
      });
    }
  });
}
