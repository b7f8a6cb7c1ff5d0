import { type Kysely, Migrator, sql } from 'kysely';
import { AppError } from '../../errors.js';
import { MIGRATIONS, migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';
import { dialectOf, MIGRATION_LOCK_KEY } from './sql-dialect.js';

export class StorageMigrationError extends AppError {
  constructor(migration: string | undefined, options?: ErrorOptions) {
    super(
      'storage_migration_failed',
      migration
        ? `Database migration ${migration} failed; the database was left at the previous version.`
        : 'Database migrations could not run.',
      options,
    );
  }
}

/**
 * Brings the schema up to date; a no-op when it already is. Returns the names of migrations applied now.
 * On PostgreSQL a session advisory lock is held around the whole run, so replicas starting together
 * migrate one after the other (Kysely's own lock is taken only after it has created its tables).
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  if (await isUpToDate(db)) return [];
  if (dialectOf(db) === 'sqlite') return runMigrations(db);
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(conn);
    try {
      return await runMigrations(conn);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(conn);
    }
  });
}

/**
 * One read instead of the Migrator's table creation, locking and bookkeeping on every start: true when
 * every shipped migration is recorded. A missing table (fresh database) or any doubt means "run them".
 */
async function isUpToDate(db: Kysely<Database>): Promise<boolean> {
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    const applied = new Set(rows.rows.map((r) => r.name));
    return Object.keys(MIGRATIONS).every((name) => applied.has(name));
  } catch {
    return false;
  }
}

async function runMigrations(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new StorageMigrationError(failed, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
