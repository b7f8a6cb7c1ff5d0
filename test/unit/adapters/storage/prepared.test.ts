import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstRow, limitLiteral, prepared } from '../../../../src/adapters/storage/prepared.js';
import { changedOne } from '../../../../src/adapters/storage/rows.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../../../support/databases.js';

describe.each(DIALECTS)('prepared statements (%s)', (dialect) => {
  let t: TestStorage;
  beforeAll(async () => {
    t = await openTestStorage(dialect);
  });
  afterAll(async () => {
    await t.cleanup();
  });

  const insertKey = prepared((db, row: { key: string; claimed_at: string }) =>
    db
      .insertInto('idempotency_keys')
      .values(row)
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key'),
  );
  const selectKey = prepared((db, v: { key: string }) =>
    db.selectFrom('idempotency_keys').select(['key', 'claimed_at']).where('key', '=', v.key),
  );
  const touchKey = prepared((db, v: { key: string; claimed_at: string }) =>
    db.updateTable('idempotency_keys').set({ claimed_at: v.claimed_at }).where('key', '=', v.key),
  );

  it('runs with the values of each call, not those it was built with', async () => {
    expect(firstRow(await insertKey.execute(t.db, dialect, { key: 'a', claimed_at: '2026-01-01' }))).toEqual({
      key: 'a',
    });
    expect(firstRow(await insertKey.execute(t.db, dialect, { key: 'b', claimed_at: '2026-01-02' }))).toEqual({
      key: 'b',
    });
    // The conflict clause is part of what was compiled once.
    expect(firstRow(await insertKey.execute(t.db, dialect, { key: 'a', claimed_at: '2026-01-03' }))).toBeUndefined();
    expect(firstRow(await selectKey.execute(t.db, dialect, { key: 'b' }))).toEqual({
      key: 'b',
      claimed_at: '2026-01-02',
    });
    expect(changedOne(await touchKey.execute(t.db, dialect, { key: 'a', claimed_at: '2026-02-01' }))).toBe(true);
    expect(changedOne(await touchKey.execute(t.db, dialect, { key: 'zz', claimed_at: '2026-02-01' }))).toBe(false);
    expect(firstRow(await selectKey.execute(t.db, dialect, { key: 'a' }))?.claimed_at).toBe('2026-02-01');
  });

  it('runs inside a transaction and rolls back with it', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await insertKey.execute(trx, dialect, { key: 'in-tx', claimed_at: '2026-01-01' });
        expect(firstRow(await selectKey.execute(trx, dialect, { key: 'in-tx' }))).toBeDefined();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(firstRow(await selectKey.execute(t.db, dialect, { key: 'in-tx' }))).toBeUndefined();
  });

  it('keeps the constants the statement was built with', async () => {
    const findA = prepared((db, v: { prefix: string }) =>
      db.selectFrom('idempotency_keys').select('key').where('key', '=', 'a').where('claimed_at', 'like', v.prefix),
    );
    expect((await findA.execute(t.db, dialect, { prefix: '2026-02%' })).rows).toEqual([{ key: 'a' }]);
    expect((await findA.execute(t.db, dialect, { prefix: '2025%' })).rows).toEqual([]);
  });

  it('writes a literal key into the SQL and keeps one plan per value', async () => {
    const newest = prepared(
      (db, v: { prefix: string; limit: number }) =>
        db
          .selectFrom('idempotency_keys')
          .select('key')
          .where('key', 'like', v.prefix)
          .orderBy('key')
          .limit(limitLiteral(v.limit)),
      { literal: ['limit'] },
    );
    for (const key of ['n1', 'n2', 'n3']) await insertKey.execute(t.db, dialect, { key, claimed_at: '2026-03-01' });
    expect((await newest.execute(t.db, dialect, { prefix: 'n%', limit: 2 })).rows).toEqual([
      { key: 'n1' },
      { key: 'n2' },
    ]);
    expect((await newest.execute(t.db, dialect, { prefix: 'n%', limit: 1 })).rows).toEqual([{ key: 'n1' }]);
    expect((await newest.execute(t.db, dialect, { prefix: 'n%', limit: 2 })).rows).toHaveLength(2);
    // Clamped to a whole number of rows, never negative.
    expect((await newest.execute(t.db, dialect, { prefix: 'n%', limit: -3 })).rows).toEqual([]);
    expect(() => limitLiteral(Number.NaN)).toThrow(RangeError);
  });

  it('refuses values with other keys than the first call had', async () => {
    await expect(selectKey.execute(t.db, dialect, { key: 'a', extra: 1 } as { key: string })).rejects.toThrow(
      /values must have the keys key/,
    );
    await expect(
      touchKey.execute(t.db, dialect, { claimed_at: 'x', key: 'a' }),
      // Same keys, another order: the values would be bound to the wrong places.
    ).rejects.toThrow(/values must have the keys key, claimed_at/);
  });

  it('refuses a statement that reads a value it was not given', async () => {
    const bad = prepared((db, v: { key: string; other?: string }) =>
      db
        .selectFrom('idempotency_keys')
        .select('key')
        .where('key', '=', v.other ?? ''),
    );
    await expect(bad.execute(t.db, dialect, { key: 'a' })).rejects.toThrow(/no value for other/);
  });

  it('refuses a statement that writes a value into the SQL text instead of binding it', async () => {
    const bad = prepared((db, v: { key: string }) =>
      db.selectFrom('idempotency_keys').select('key').where('key', '=', sql.lit(v.key)),
    );
    await expect(bad.execute(t.db, dialect, { key: 'a' })).rejects.toThrow(/written into the SQL/);
  });
});
