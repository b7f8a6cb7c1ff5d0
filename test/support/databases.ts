import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDatabase, type Database, KyselyStorage, migrateToLatest } from '../../src/adapters/storage/index.js';
import type { Config } from '../../src/config.js';
import { GENESIS_HASH } from '../../src/domain/audit.js';
import type { Storage } from '../../src/ports/storage.js';

export type TestDialect = 'sqlite' | 'postgres';

/**
 * PostgreSQL runs only when TEST_DATABASE_URL points at a server where we may create databases
 * (CI sets it; locally `TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres`).
 */
const ADMIN_URL = process.env['TEST_DATABASE_URL'];

export const DIALECTS: readonly TestDialect[] = ADMIN_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStorage {
  readonly storage: Storage;
  readonly dbConfig: Config['db'];
  /** The Kysely instance behind `storage`, for inspecting rows the port does not expose. */
  readonly db: Kysely<Database>;
  /**
   * A second Storage on the same database (another replica). Closed by cleanup. On SQLite it shares the
   * file, which suits sequential use only: better-sqlite3 blocks the event loop while it waits for a lock,
   * so two writers in one process can stall each other.
   */
  openReplica(opts?: { poolSize?: number }): Promise<Storage>;
  /** Empties every table (the schema stays), for a clean slate between tests sharing one database. */
  reset(): Promise<void>;
  cleanup(): Promise<void>;
}

const TABLES = [
  'links',
  'threads',
  'message_refs',
  'connection_settings',
  'redirect_changes',
  'watches',
  'audit_log',
  'outbox',
  'idempotency_keys',
  'celigo_findings',
  'link_reminders',
  'home_views',
  'redirect_seen',
] as const;

/**
 * A migrated Storage on a database of its own: a temp SQLite file, or a fresh PostgreSQL database
 * (`cb_test_<random>`), so parallel test files never collide. `cleanup` closes everything and deletes it.
 */
export async function openTestStorage(dialect: TestDialect, opts: { poolSize?: number } = {}): Promise<TestStorage> {
  const target = dialect === 'sqlite' ? createSqliteFile() : await createPostgresDatabase();
  const db = createDatabase(target.dbConfig, opts);
  await migrateToLatest(db);
  const storage = new KyselyStorage(db);
  const replicas: Storage[] = [];
  return {
    storage,
    db,
    dbConfig: target.dbConfig,
    async openReplica(replicaOpts = {}) {
      const other = createDatabase(target.dbConfig, replicaOpts);
      await migrateToLatest(other);
      const replica = new KyselyStorage(other);
      replicas.push(replica);
      return replica;
    },
    async reset() {
      // DELETE, not TRUNCATE: on tiny tables it is a few milliseconds instead of hundreds on PostgreSQL.
      await db.transaction().execute(async (trx) => {
        for (const t of TABLES) await trx.deleteFrom(t).execute();
        await trx.updateTable('audit_head').set({ seq: 0, hash: GENESIS_HASH, anchored_on: null }).execute();
      });
    },
    async cleanup() {
      for (const r of replicas) await r.close();
      await storage.close();
      await target.drop();
    },
  };
}

export interface EmptyTestDatabase {
  readonly dbConfig: Config['db'];
  /** Deletes the database (terminating its PostgreSQL connections first). Close your Storage before. */
  drop(): Promise<void>;
}

/** An empty, unmigrated database of its own, for tests of opening and migrating. */
export function createEmptyTestDatabase(dialect: TestDialect): Promise<EmptyTestDatabase> {
  return dialect === 'sqlite' ? Promise.resolve(createSqliteFile()) : createPostgresDatabase();
}

type Target = EmptyTestDatabase;

function createSqliteFile(): Target {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-test-'));
  const file = path.join(dir, 'bot.sqlite');
  return {
    dbConfig: { url: `sqlite:${file}`, kind: 'sqlite', sqlitePath: file },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createPostgresDatabase(): Promise<Target> {
  if (!ADMIN_URL) throw new Error('Set TEST_DATABASE_URL to run the PostgreSQL tests.');
  const name = `cb_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (c) => {
    await c.query(`create database ${name}`);
    // Throwaway data: skip waiting for the WAL flush on commit, which dominates small-transaction tests.
    await c.query(`alter database ${name} set synchronous_commit = off`);
  });
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dbConfig: { url: url.toString(), kind: 'postgres', sqlitePath: null },
    drop: () =>
      withAdmin(async (c) => {
        await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);
        await c.query(`drop database if exists ${name}`);
      }),
  };
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
