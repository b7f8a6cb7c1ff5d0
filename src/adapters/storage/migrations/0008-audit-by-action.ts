import type { Kysely, Migration } from 'kysely';

// Frozen once released. `/celigo status` asks for a connection's newest `connection.offline` and
// `connection.online` entries. By `audit_by_connection` alone that walks back through every other entry of
// the connection, mostly the status commands themselves, so each status got slower with every status
// before it. With the action in the index it is one seek per action.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

export const AUDIT_BY_ACTION_INDEX = 'audit_by_connection_action';

export const auditByAction: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .createIndex(AUDIT_BY_ACTION_INDEX)
      .on('audit_log')
      .columns(['connection_id', 'action', 'seq'])
      .execute();
  },
  async down(db: AnyDb): Promise<void> {
    await db.schema.dropIndex(AUDIT_BY_ACTION_INDEX).execute();
  },
};
