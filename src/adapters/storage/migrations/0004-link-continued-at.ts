import type { Kysely, Migration } from 'kysely';

// Frozen once released. When the hosted page's Continue was last pressed: the return relay's `error`
// parameter only counts for a link a customer has just been sent on from (anyone can call the relay).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

export const linkContinuedAt: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema.alterTable('links').addColumn('continued_at', 'text').execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.alterTable('links').dropColumn('continued_at').execute();
  },
};
