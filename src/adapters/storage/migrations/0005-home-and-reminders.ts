import type { Kysely, Migration } from 'kysely';

// Frozen once released. Two small tables, so the links table (changed by other migrations) is untouched:
// - link_reminders: one row per reminder sent; the primary key is the compare-and-set that makes a
//   reminder go out once even with several replicas polling.
// - home_views: when each user last opened the app's Home tab, so changes re-publish only for recent viewers.
// - redirect_seen: the oauth2RedirectUrl last seen in the poller's listing per watched connection, so a
//   change made outside the app (drift) is announced once (compare-and-set on the value).

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

export const homeAndReminders: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .createTable('link_reminders')
      .addColumn('link_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('link_reminders_pk', ['link_id', 'kind'])
      .execute();
    await db.schema
      .createTable('home_views')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('home_views_pk', ['team_id', 'user_id'])
      .execute();
    await db.schema
      .createTable('redirect_seen')
      .addColumn('connection_id', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text')
      .addColumn('seen_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: AnyDb): Promise<void> {
    await db.schema.dropTable('redirect_seen').ifExists().execute();
    await db.schema.dropTable('home_views').ifExists().execute();
    await db.schema.dropTable('link_reminders').ifExists().execute();
  },
};
