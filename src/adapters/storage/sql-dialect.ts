import { type Kysely, sql } from 'kysely';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * Which dialect a Kysely instance speaks, from its query compiler: PostgreSQL numbers its parameters
 * (`$1`), SQLite uses `?`. Works for a root instance, a transaction and a single-connection instance,
 * without a round trip (Kysely keeps its adapter internal).
 */
// biome-ignore lint/suspicious/noExplicitAny: works for any database type
export const dialectOf = (db: Kysely<any>): SqlDialect => (sql`${0}`.compile(db).sql === '$1' ? 'postgres' : 'sqlite');

/** Advisory lock keys (PostgreSQL), fixed so every replica uses the same ones. */
export const MIGRATION_LOCK_KEY = 7_265_001;
export const AUDIT_APPEND_LOCK_KEY = 7_265_002;
