import { createRequire } from 'node:module';
import type SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cachingStatements, ROWS_AS_ARRAYS } from '../../../../src/adapters/storage/statement-cache.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof SqliteDatabase;

describe('prepared statement cache (SQLite)', () => {
  it('prepares a statement once and reuses it, with fresh parameters each time', () => {
    const raw = new Sqlite(':memory:');
    const db = cachingStatements(raw);
    db.prepare('create table t (n integer)').run([]);
    const insert = db.prepare('insert into t (n) values (?)');
    insert.run([1]);
    expect(db.prepare('insert into t (n) values (?)')).toBe(insert);
    db.prepare('insert into t (n) values (?)').run([2]);
    expect(db.prepare('select n from t order by n').all([])).toEqual([{ n: 1 }, { n: 2 }]);
    expect(db.cachedStatements).toBe(3);
    db.close();
    expect(raw.open).toBe(false);
  });

  it('keeps at most the given number of statements, dropping the oldest', () => {
    const db = cachingStatements(new Sqlite(':memory:'), 2);
    const one = db.prepare('select 1');
    db.prepare('select 2');
    db.prepare('select 3');
    expect(db.cachedStatements).toBe(2);
    expect(db.prepare('select 1')).not.toBe(one);
    expect(db.prepare('select 1').all([])).toEqual([{ 1: 1 }]);
    db.close();
  });

  it('sees a table altered after the statement was cached', () => {
    const db = cachingStatements(new Sqlite(':memory:'));
    db.prepare('create table t (a integer)').run([]);
    db.prepare('insert into t (a) values (1)').run([]);
    const select = db.prepare('select * from t');
    expect(select.all([])).toEqual([{ a: 1 }]);
    db.prepare('alter table t add column b text').run([]);
    expect(db.prepare('select * from t')).toBe(select);
    expect(select.all([])).toEqual([{ a: 1, b: null }]);
    db.close();
  });

  it('answers arrays of column values only for SQL that starts with the rows-as-arrays comment', () => {
    const db = cachingStatements(new Sqlite(':memory:'));
    db.prepare('create table t (a integer, b text)').run([]);
    db.prepare("insert into t (a, b) values (1, 'x')").run([]);
    expect(db.prepare(`${ROWS_AS_ARRAYS} select a, b from t`).all([])).toEqual([[1, 'x']]);
    expect(db.prepare('select a, b from t').all([])).toEqual([{ a: 1, b: 'x' }]);
    expect(db.prepare(`${ROWS_AS_ARRAYS} select a, b from t`).all([])).toEqual([[1, 'x']]);
    db.close();
  });
});
