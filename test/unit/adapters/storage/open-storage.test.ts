import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { SQLITE_CACHE_KIB } from '../../../../src/adapters/storage/database.js';
import {
  createDatabase,
  migrateToLatest,
  openStorage,
  StorageMigrationError,
} from '../../../../src/adapters/storage/index.js';
import { MIGRATIONS } from '../../../../src/adapters/storage/migrations/index.js';
import type { Config } from '../../../../src/config.js';
import { createLogger } from '../../../../src/logger.js';
import { createEmptyTestDatabase, DIALECTS } from '../../../support/databases.js';
import { makeLink } from './fixtures.js';

/** Every migration the code ships, in order. */
const ALL_MIGRATIONS = Object.keys(MIGRATIONS).sort();

function capturedLogger() {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(s) } });
  const applied = () =>
    lines.map((l) => JSON.parse(l) as { migrationsApplied?: string[] }).flatMap((l) => l.migrationsApplied ?? []);
  return { logger, lines, applied };
}

const sqliteConfig = (file: string): Config['db'] => ({ url: `sqlite:${file}`, kind: 'sqlite', sqlitePath: file });

describe('opening SQLite storage', () => {
  it('creates the missing parent directories of the database file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-open-'));
    try {
      const file = path.join(dir, 'data', 'nested', 'bot.sqlite');
      const storage = await openStorage(sqliteConfig(file), capturedLogger().logger);
      await storage.ping();
      await storage.close();
      expect(existsSync(file)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the page cache at 2 MB, not the 16 MB better-sqlite3 builds SQLite with', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-open-'));
    const db = createDatabase(sqliteConfig(path.join(dir, 'bot.sqlite')));
    try {
      const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(db);
      expect(rows).toEqual([{ cache_size: -SQLITE_CACHE_KIB }]);
      expect(SQLITE_CACHE_KIB).toBe(2_000);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works in memory', async () => {
    const storage = await openStorage(
      { url: 'sqlite::memory:', kind: 'sqlite', sqlitePath: ':memory:' },
      createLogger({ level: 'silent' }),
    );
    await storage.links.insert(makeLink());
    expect((await storage.links.get('lnk_1'))?.id).toBe('lnk_1');
    await storage.close();
  });

  it('opening the same file twice migrates once and keeps the data', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-open-'));
    try {
      const cfg = sqliteConfig(path.join(dir, 'bot.sqlite'));
      const first = capturedLogger();
      const a = await openStorage(cfg, first.logger);
      await a.links.insert(makeLink());
      await a.close();
      const second = capturedLogger();
      const b = await openStorage(cfg, second.logger);
      expect((await b.links.get('lnk_1'))?.id).toBe('lnk_1');
      await b.close();
      expect(first.applied()).toEqual(ALL_MIGRATIONS);
      expect(second.applied()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('close can be called twice, and a closed storage no longer answers ping', async () => {
    const storage = await openStorage(
      { url: 'sqlite::memory:', kind: 'sqlite', sqlitePath: ':memory:' },
      createLogger({ level: 'silent' }),
    );
    await storage.close();
    await storage.close();
    await expect(storage.ping()).rejects.toThrow();
  });
});

describe('migrations on sqlite', () => {
  it('a failing migration is reported by name and leaves the file at the previous version', async () => {
    const target = await createEmptyTestDatabase('sqlite');
    const db = createDatabase(target.dbConfig);
    try {
      // A foreign table in the way makes 0001 fail halfway (after nothing, before everything else).
      await sql`create table links (whatever text)`.execute(db);
      await expect(openStorage(target.dbConfig, createLogger({ level: 'silent' }))).rejects.toThrow(
        new StorageMigrationError('0001-initial'),
      );
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
      expect(tables.rows.map((r) => r.name)).not.toContain('threads');
    } finally {
      await db.destroy();
      await target.drop();
    }
  });

  it('an up-to-date database is only checked: the migrator does not run again', async () => {
    const target = await createEmptyTestDatabase('sqlite');
    const db = createDatabase(target.dbConfig);
    try {
      await migrateToLatest(db);
      // The migrator (re)creates its lock table on every run; after the check it stays gone.
      await sql`drop table kysely_migration_lock`.execute(db);
      expect(await migrateToLatest(db)).toEqual([]);
      const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
      expect(tables.rows.map((r) => r.name)).not.toContain('kysely_migration_lock');
    } finally {
      await db.destroy();
      await target.drop();
    }
  });

  it('migrateToLatest is a no-op on an up-to-date database', async () => {
    const target = await createEmptyTestDatabase('sqlite');
    const db = createDatabase(target.dbConfig);
    try {
      expect(await migrateToLatest(db)).toEqual(ALL_MIGRATIONS);
      expect(await migrateToLatest(db)).toEqual([]);
    } finally {
      await db.destroy();
      await target.drop();
    }
  });
});

if (DIALECTS.includes('postgres')) {
  describe('opening PostgreSQL storage', () => {
    it('replicas starting at the same moment migrate once, all open, and the URL is never logged', async () => {
      const target = await createEmptyTestDatabase('postgres');
      const logs = [capturedLogger(), capturedLogger(), capturedLogger()];
      try {
        const storages = await Promise.all(logs.map((l) => openStorage(target.dbConfig, l.logger, { poolSize: 2 })));
        await Promise.all(storages.map((s) => s.ping()));
        await storages[0]?.links.insert(makeLink());
        expect((await storages[2]?.links.get('lnk_1'))?.id).toBe('lnk_1');
        await Promise.all(storages.map((s) => s.close()));
        expect(logs.flatMap((l) => l.applied())).toEqual(ALL_MIGRATIONS);
        // And once up to date, migrating again is a no-op.
        const db = createDatabase(target.dbConfig);
        expect(await migrateToLatest(db)).toEqual([]);
        await db.destroy();
        const text = logs.flatMap((l) => l.lines).join('\n');
        expect(text).toContain('Storage ready.');
        expect(text).not.toContain(target.dbConfig.url);
        expect(text).not.toContain('postgres://');
      } finally {
        await target.drop();
      }
    });
  });
}
