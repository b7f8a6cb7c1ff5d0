import type { Kysely, Migration } from 'kysely';

// Frozen once released. What `celigo-bot probe` and the authorization-URL guard learned about a Celigo
// account (docs/celigo-api.md): one row per (account, finding).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

export const celigoFindings: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .createTable('celigo_findings')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('celigo_findings_pk', ['account', 'name'])
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('celigo_findings').execute();
  },
};
