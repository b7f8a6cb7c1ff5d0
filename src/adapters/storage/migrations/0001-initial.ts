import type { Kysely, Migration } from 'kysely';
import { GENESIS_HASH } from '../../../domain/audit.js';
import { dialectOf } from '../sql-dialect.js';

// Migrations are frozen once released: never edit this file, add 0002-….ts instead.
// Column types are plain text/integer so the same statements run on SQLite and PostgreSQL.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's schema types
type AnyDb = Kysely<any>;

export const initial: Migration = {
  async up(db: AnyDb): Promise<void> {
    await db.schema
      .createTable('links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('connection_name', 'text', (c) => c.notNull())
      .addColumn('customer_label', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.unique())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('offline_at_issue', 'integer')
      .addColumn('last_modified_at_issue', 'text')
      .addColumn('opened_at', 'text')
      .addColumn('closed_at', 'text')
      .addColumn('closed_reason', 'text')
      .execute();
    await db.schema
      .createIndex('links_by_connection')
      .on('links')
      .columns(['team_id', 'connection_id', 'created_at'])
      .execute();
    await db.schema.createIndex('links_by_state').on('links').columns(['state', 'created_at']).execute();

    await db.schema
      .createTable('threads')
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('parent_ts', 'text')
      .addColumn('card', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('threads_pk', ['team_id', 'channel_id', 'connection_id'])
      .execute();
    await db.schema.createIndex('threads_by_connection').on('threads').columns(['connection_id', 'team_id']).execute();

    await db.schema
      .createTable('message_refs')
      .addColumn('ref', 'text', (c) => c.primaryKey())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('ts', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('connection_settings')
      .addColumn('connection_id', 'text', (c) => c.primaryKey())
      .addColumn('landing_url', 'text')
      .addColumn('relay_active', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('redirect_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'text', (c) => c.notNull())
      .addColumn('connection_name', 'text', (c) => c.notNull())
      .addColumn('before_value', 'text')
      .addColumn('after_value', 'text')
      .addColumn('celigo_value', 'text')
      .addColumn('landing_before', 'text')
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .execute();

    await db.schema
      .createTable('watches')
      .addColumn('connection_id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('connection_name', 'text', (c) => c.notNull())
      .addColumn('last_offline', 'integer')
      .addColumn('last_modified', 'text')
      .addColumn('last_requester', 'text')
      .addColumn('checked_at', 'text')
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'integer', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text')
      .addColumn('user_id', 'text')
      .addColumn('channel_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('connection_id', 'text')
      .addColumn('before_value', 'text')
      .addColumn('after_value', 'text')
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .addColumn('request_id', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_by_connection').on('audit_log').columns(['connection_id', 'seq']).execute();
    await db.schema.createIndex('audit_by_user').on('audit_log').columns(['user_id', 'seq']).execute();
    await db.schema.createIndex('audit_by_time').on('audit_log').column('at').execute();

    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('audit_head').values({ id: 1, seq: 0, hash: GENESIS_HASH }).execute();

    // The one dialect difference: an auto-assigned id. In SQLite `integer primary key` is the rowid
    // (ever increasing while rows are never deleted); PostgreSQL needs an identity column.
    const postgres = dialectOf(db) === 'postgres';
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
      .addColumn('ordering_key', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('last_error', 'text')
      .addColumn('sent_at', 'text')
      .addColumn('dedupe_key', 'text', (c) => c.unique())
      .execute();
    // Claims look for the oldest pending item per ordering key.
    await db.schema.createIndex('outbox_pending').on('outbox').columns(['status', 'ordering_key', 'id']).execute();
    await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'next_attempt_at']).execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('claimed_at', 'text', (c) => c.notNull())
      .execute();
  },

  async down(db: AnyDb): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'outbox',
      'audit_head',
      'audit_log',
      'watches',
      'redirect_changes',
      'connection_settings',
      'message_refs',
      'threads',
      'links',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
