import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  Kysely,
  PostgresDialect,
  type QueryCompiler,
  SqliteAdapter,
  type SqliteDialectConfig,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { Pool } from 'pg';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { Database } from './schema.js';
import { type Checkpointer, SAFETY_NET_CHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer.js';
import { cachingStatements } from './statement-cache.js';

export interface DatabaseOptions {
  /** PostgreSQL pool size (default 10). */
  readonly poolSize?: number;
  /** Receives errors of idle pooled PostgreSQL connections (otherwise they would crash the process). */
  readonly logger?: Logger;
  /** SQLite file: checkpoint the WAL from a worker thread rather than inside commits (the app sets it). */
  readonly backgroundCheckpoints?: boolean;
}

// Each deployment uses one database: load only its driver, and only when a database is opened (start-up time).
const require = createRequire(import.meta.url);
const loadSqlite = (): typeof SqliteDatabase => require('better-sqlite3') as typeof SqliteDatabase;

/** How long a SQLite writer waits for another process's write lock (e.g. the CLI next to the app). */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * The connection's page cache, in KiB (SQLite's own default). better-sqlite3 builds SQLite with 16 MB, which
 * the app fills slowly as the audit log and the link history grow: native memory rose by about 0.5 MB per
 * 1,000 commands until it reached 16 MB, while every hot lookup reads a handful of index pages and the
 * operating system caches the file anyway. With 2 MB the bench saw no slower poll round, audit verify or
 * link reply (docs/architecture.md, "Storage").
 */
export const SQLITE_CACHE_KIB = 2_000;

/**
 * Opens the connection (SQLite) or pool (PostgreSQL). Does not migrate: see `migrateToLatest`.
 * For SQLite the parent directory of the file is created if missing; `:memory:` works.
 */
export function createDatabase(db: Config['db'], opts: DatabaseOptions = {}): Kysely<Database> {
  if (db.kind === 'sqlite') {
    const file = db.sqlitePath ?? db.url.slice('sqlite:'.length);
    if (file !== ':memory:' && file !== '') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const Sqlite = loadSqlite();
    const sqlite = new Sqlite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    const inFile = file !== ':memory:' && file !== '';
    let checkpointer: Checkpointer | null = null;
    if (opts.backgroundCheckpoints && inFile) {
      sqlite.pragma(`wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`);
      checkpointer = startCheckpointer(path.resolve(file), opts.logger);
    }
    return new Kysely<Database>({ dialect: new ImmediateSqliteDialect(sqlite, checkpointer) });
  }
  // Kysely calls this once, on the first query: `pg` is imported only by PostgreSQL deployments.
  const pool = async (): Promise<Pool> => {
    const { default: pg } = await import('pg');
    const created = new pg.Pool({ connectionString: db.url, max: opts.poolSize ?? 10 });
    created.on('error', (err) => {
      // An idle client lost its connection; the pool replaces it. Never log the URL (it may hold a password).
      opts.logger?.warn({ err }, 'An idle PostgreSQL connection failed; it will be replaced.');
    });
    return created;
  };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Kysely's SQLite dialect, except that transactions start with BEGIN IMMEDIATE: the write lock is taken
 * up front, so a transaction that reads and then writes (audit append, outbox batch) cannot fail with
 * SQLITE_BUSY halfway when another process (the CLI) writes to the same file. Within one process Kysely
 * already serializes everything over the single connection.
 */
class ImmediateSqliteDialect implements Dialect {
  readonly #database: SqliteDatabase.Database;
  readonly #checkpointer: Checkpointer | null;
  constructor(database: SqliteDatabase.Database, checkpointer: Checkpointer | null) {
    this.#database = database;
    this.#checkpointer = checkpointer;
  }
  createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: cachingStatements(this.#database) }, this.#checkpointer);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Dialect's signature
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

/**
 * SQLite does roll back DDL; Kysely's adapter just says it does not. Saying so makes the Migrator run
 * each migration in a transaction, so a failed migration leaves the file at the previous version.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #checkpointer: Checkpointer | null;
  constructor(config: SqliteDialectConfig, checkpointer: Checkpointer | null) {
    super(config);
    this.#checkpointer = checkpointer;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  override async destroy(): Promise<void> {
    await this.#checkpointer?.stop();
    await super.destroy();
  }
}
