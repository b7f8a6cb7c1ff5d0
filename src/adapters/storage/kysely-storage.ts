import { type Kysely, sql } from 'kysely';
import type { Storage, Stores } from '../../ports/storage.js';
import { KyselyAuditLog } from './kysely-audit-log.js';
import { KyselyConnectionSettingsStore } from './kysely-connection-settings-store.js';
import { KyselyFindingsStore } from './kysely-findings-store.js';
import { KyselyHomeStore, KyselyRedirectSeenStore, KyselyReminderStore } from './kysely-home-store.js';
import { KyselyIdempotencyStore } from './kysely-idempotency-store.js';
import { KyselyLinkStore } from './kysely-link-store.js';
import { KyselyOutbox } from './kysely-outbox.js';
import { KyselyRedirectChangeStore } from './kysely-redirect-change-store.js';
import { KyselyThreadStore } from './kysely-thread-store.js';
import { KyselyWatchStore } from './kysely-watch-store.js';
import type { Database } from './schema.js';
import { dialectOf, type SqlDialect } from './sql-dialect.js';

/** Every store bound to one executor: the root instance, or a transaction. */
export function createStores(
  db: Kysely<Database>,
  dialect: SqlDialect = dialectOf(db),
  outboxEnqueued?: () => void,
): Stores {
  return {
    links: new KyselyLinkStore(db, dialect),
    threads: new KyselyThreadStore(db, dialect),
    settings: new KyselyConnectionSettingsStore(db, dialect),
    redirectChanges: new KyselyRedirectChangeStore(db),
    watches: new KyselyWatchStore(db, dialect),
    audit: new KyselyAuditLog(db, dialect),
    outbox: new KyselyOutbox(db, dialect, outboxEnqueued),
    idempotency: new KyselyIdempotencyStore(db, dialect),
    findings: new KyselyFindingsStore(db, dialect),
    reminders: new KyselyReminderStore(db),
    home: new KyselyHomeStore(db),
    redirectSeen: new KyselyRedirectSeenStore(db),
  };
}

/**
 * The Storage port over an already migrated database. Inside `transaction(fn)` use only the stores
 * passed to `fn`: on SQLite the single connection is held by the transaction, so a call through the
 * unbound stores would wait for it forever.
 */
// Declaration merging: the interface names the stores, which the constructor sets with Object.assign from
// createStores() (typed to return every one of them), so none is ever missing.
export interface KyselyStorage extends Stores {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: see the interface above
export class KyselyStorage implements Storage {
  readonly dialect: SqlDialect;
  readonly #db: Kysely<Database>;
  readonly #outboxListeners: Array<() => void> = [];
  #closed = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
    this.dialect = dialectOf(db);
    Object.assign(
      this,
      createStores(db, this.dialect, () => this.#outboxEnqueued()),
    );
  }

  async transaction<T>(fn: (tx: Stores) => Promise<T>): Promise<T> {
    let enqueued = false;
    const result = await this.#db.transaction().execute((trx) =>
      fn(
        createStores(trx, this.dialect, () => {
          enqueued = true;
        }),
      ),
    );
    // Only now are the rows visible to the worker (on PostgreSQL it claims over another connection).
    if (enqueued) this.#outboxEnqueued();
    return result;
  }

  onOutboxEnqueued(listener: () => void): void {
    this.#outboxListeners.push(listener);
  }

  #outboxEnqueued(): void {
    for (const listener of this.#outboxListeners) listener();
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.destroy();
  }
}
