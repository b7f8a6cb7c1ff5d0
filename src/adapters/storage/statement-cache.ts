import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

/** Distinct statements the app issues are a few dozen; the bound only guards against generated SQL. */
const DEFAULT_MAX_STATEMENTS = 500;

/**
 * A query whose SQL starts with this comment gets its rows as arrays of column values, in select order
 * (better-sqlite3's raw mode), not as objects: building an object per row was half the cost of reading the
 * whole audit log. Only for selects, and only where the caller maps columns by position. PostgreSQL ignores
 * the comment and answers objects.
 */
export const ROWS_AS_ARRAYS = '/* rows as arrays */';

/**
 * What Kysely's SQLite driver sees as the database: the same connection, except that `prepare` returns the
 * statement prepared the last time for the same SQL. Kysely prepares on every query, and compiling SQL was
 * the largest single cost of a command in the profile. Reuse is safe: Kysely runs one query (or stream) at a
 * time over the connection, and SQLite re-prepares a statement by itself after a schema change.
 */
export function cachingStatements(
  db: SqliteDatabase.Database,
  maxStatements = DEFAULT_MAX_STATEMENTS,
): KyselySqliteDatabase & { readonly cachedStatements: number } {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit) return hit;
      const stmt = db.prepare(sql);
      if (sql.startsWith(ROWS_AS_ARRAYS)) stmt.raw(true);
      if (cache.size >= maxStatements) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      db.close();
    },
    get cachedStatements() {
      return cache.size;
    },
  };
}
