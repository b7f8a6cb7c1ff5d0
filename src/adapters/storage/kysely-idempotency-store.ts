import type { Kysely } from 'kysely';
import type { IdempotencyStore } from '../../ports/storage.js';
import { iso } from './rows.js';
import type { Database } from './schema.js';

export class KyselyIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Insert-if-absent: the unique key decides, so two replicas racing on one click get one `true`. */
  async claim(key: string, at: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('idempotency_keys')
      .values({ key, claimed_at: iso(at) })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
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
