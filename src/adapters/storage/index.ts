import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { Storage } from '../../ports/storage.js';
import { createDatabase } from './database.js';
import { KyselyStorage } from './kysely-storage.js';
import { migrateToLatest } from './migrate.js';

export { createDatabase, type DatabaseOptions } from './database.js';
export { createStores, KyselyStorage } from './kysely-storage.js';
export { migrateToLatest, StorageMigrationError } from './migrate.js';
export type { Database } from './schema.js';
export type { SqlDialect } from './sql-dialect.js';

/**
 * Opens the database named by DATABASE_URL and migrates it to the latest schema (migrations run
 * at start). Safe when several replicas start at once. The URL is never logged (it may hold a password).
 */
export async function openStorage(
  db: Config['db'],
  logger: Logger,
  opts: { poolSize?: number; backgroundCheckpoints?: boolean } = {},
): Promise<Storage> {
  const database = createDatabase(db, { ...opts, logger });
  try {
    const applied = await migrateToLatest(database);
    const storage = new KyselyStorage(database);
    logger.info({ dialect: storage.dialect, migrationsApplied: applied }, 'Storage ready.');
    return storage;
  } catch (err) {
    await database.destroy().catch(() => undefined);
    throw err;
  }
}
