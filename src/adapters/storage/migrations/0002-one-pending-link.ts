import { type Kysely, type Migration, sql } from 'kysely';

// Frozen once released. At most one pending link per (team, connection), enforced by the database so two
// replicas creating a link at the same moment cannot both succeed. PostgreSQL and SQLite both support
// partial unique indexes with this exact statement.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

export const ONE_PENDING_LINK_INDEX = 'links_one_pending';

export const onePendingLink: Migration = {
  async up(db: AnyDb): Promise<void> {
    // A database written before this index may already hold several pending links for one connection:
    // the newest stays pending, the older ones are closed as replaced (what creating the newest should have done).
    await sql`
      UPDATE links SET state = 'superseded', closed_reason = 'replaced by a newer link', closed_at = ${new Date().toISOString()}
      WHERE state = 'pending' AND EXISTS (
        SELECT 1 FROM links newer
        WHERE newer.team_id = links.team_id AND newer.connection_id = links.connection_id
          AND newer.state = 'pending'
          AND (newer.created_at > links.created_at OR (newer.created_at = links.created_at AND newer.id > links.id))
      )`.execute(db);
    await sql`CREATE UNIQUE INDEX ${sql.id(ONE_PENDING_LINK_INDEX)} ON links (team_id, connection_id) WHERE state = 'pending'`.execute(
      db,
    );
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropIndex(ONE_PENDING_LINK_INDEX).execute();
  },
};
