import type { Kysely } from 'kysely';
import type { IdempotencyStore } from '../../ports/storage.js';
import { firstRow, prepared } from './prepared.js';
import { iso } from './rows.js';
import type { Database, IdempotencyKeysTable } from './schema.js';
import type { SqlDialect } from './sql-dialect.js';

// Prepared (src/adapters/storage/prepared.ts): every command and submission claims its key.
const insertKey = prepared((db, row: IdempotencyKeysTable) =>
  db
    .insertInto('idempotency_keys')
    .values(row)
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key'),
);

export class KyselyIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  /** Insert-if-absent: the unique key decides, so two replicas racing on one click get one `true`. */
  async claim(key: string, at: Date): Promise<boolean> {
    const row = firstRow(await insertKey.execute(this.db, this.dialect, { key, claimed_at: iso(at) }));
    return row !== undefined;
  }

  async release(key: string): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('key', '=', key).execute();
  }

  async purge(olderThan: Date): Promise<number> {
    const r = await this.db.deleteFrom('idempotency_keys').where('claimed_at', '<', iso(olderThan)).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
