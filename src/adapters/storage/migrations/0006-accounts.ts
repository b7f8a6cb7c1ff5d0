import { type Kysely, type Migration, sql } from 'kysely';

// Frozen once released. Several Celigo accounts: every table keyed by a connection gets an `account`
// column. Rows written before it belong to the account named `default`, whose connection keys are the bare
// Celigo ids they already hold (other accounts' keys are `<account>/<id>`), so no key is rewritten. The
// audit log is not touched: its entries are hash-chained, and their connection key already says the account.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

const TABLES = ['links', 'threads', 'watches', 'redirect_changes', 'connection_settings'] as const;

export const ONE_PENDING_LINK_PER_ACCOUNT_INDEX = 'links_one_pending_per_account';

export const accounts: Migration = {
  async up(db: AnyDb): Promise<void> {
    for (const table of TABLES) {
      await db.schema
        .alterTable(table)
        .addColumn('account', 'text', (c) => c.notNull().defaultTo('default'))
        .execute();
    }
    // One pending link per (team, account, connection), replacing the per-(team, connection) index.
    await sql`DROP INDEX IF EXISTS links_one_pending`.execute(db);
    await sql`CREATE UNIQUE INDEX ${sql.id(ONE_PENDING_LINK_PER_ACCOUNT_INDEX)} ON links (team_id, account, connection_id) WHERE state = 'pending'`.execute(
      db,
    );
    await db.schema.createIndex('links_account').on('links').columns(['account', 'state']).execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropIndex('links_account').execute();
    await db.schema.dropIndex(ONE_PENDING_LINK_PER_ACCOUNT_INDEX).execute();
    await sql`CREATE UNIQUE INDEX links_one_pending ON links (team_id, connection_id) WHERE state = 'pending'`.execute(
      db,
    );
    for (const table of TABLES) await db.schema.alterTable(table).dropColumn('account').execute();
  },
};
