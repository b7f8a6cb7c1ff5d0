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
    links: new KyselyLinkStore(db),
    threads: new KyselyThreadStore(db),
    settings: new KyselyConnectionSettingsStore(db),
    redirectChanges: new KyselyRedirectChangeStore(db),
    watches: new KyselyWatchStore(db),
    audit: new KyselyAuditLog(db, dialect),
    outbox: new KyselyOutbox(db, dialect, outboxEnqueued),
    idempotency: new KyselyIdempotencyStore(db),
    findings: new KyselyFindingsStore(db),
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
export class KyselyStorage implements Storage {
  readonly links: Stores['links'];
  readonly threads: Stores['threads'];
  readonly settings: Stores['settings'];
  readonly redirectChanges: Stores['redirectChanges'];
  readonly watches: Stores['watches'];
  readonly audit: Stores['audit'];
  readonly outbox: Stores['outbox'];
  readonly idempotency: Stores['idempotency'];
  readonly findings: Stores['findings'];
  readonly reminders: Stores['reminders'];
  readonly home: Stores['home'];
  readonly redirectSeen: Stores['redirectSeen'];
  readonly dialect: SqlDialect;
  readonly #db: Kysely<Database>;
  readonly #outboxListeners: Array<() => void> = [];
  #closed = false;

  constructor(db: Kysely<Database>) {
    this.#db = db;
    this.dialect = dialectOf(db);
    const stores = createStores(db, this.dialect, () => this.#outboxEnqueued());
    this.links = stores.links;
    this.threads = stores.threads;
    this.settings = stores.settings;
    this.redirectChanges = stores.redirectChanges;
    this.watches = stores.watches;
    this.audit = stores.audit;
    this.outbox = stores.outbox;
    this.idempotency = stores.idempotency;
    this.findings = stores.findings;
    this.reminders = stores.reminders;
    this.home = stores.home;
    this.redirectSeen = stores.redirectSeen;
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
