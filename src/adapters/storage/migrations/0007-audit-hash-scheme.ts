import type { Kysely, Migration } from 'kysely';

// Frozen once released. Which scheme made each entry's hash: AUDIT_KEY turns new entries into
// HMAC-SHA-256; every row written before this migration was plain SHA-256. `anchored_on` is the UTC day
// whose head hash was last posted to the audit channel: replicas compare-and-set it, so one posts a day.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

export const auditHashScheme: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .alterTable('audit_log')
      .addColumn('hash_scheme', 'text', (c) => c.notNull().defaultTo('sha256'))
      .execute();
    await db.schema.alterTable('audit_head').addColumn('anchored_on', 'text').execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.alterTable('audit_head').dropColumn('anchored_on').execute();
    await db.schema.alterTable('audit_log').dropColumn('hash_scheme').execute();
  },
};
