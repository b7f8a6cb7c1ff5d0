import type { ColumnType, Generated } from 'kysely';
import type { AuditAction, AuditResult } from '../../domain/audit.js';
import type { FindingName } from '../../domain/celigo-findings.js';
import type { LinkState } from '../../domain/link.js';
import type { RedirectChangeState } from '../../ports/storage.js';

/**
 * Table shapes, kept dialect-neutral so one set of queries serves SQLite and PostgreSQL:
 * times are ISO-8601 UTC text (`toISOString()`, so they compare lexically), booleans are integers 0/1,
 * JSON is text. The store files map rows to domain objects.
 */
export interface Database {
  links: LinksTable;
  threads: ThreadsTable;
  message_refs: MessageRefsTable;
  connection_settings: ConnectionSettingsTable;
  redirect_changes: RedirectChangesTable;
  watches: WatchesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  outbox: OutboxTable;
  idempotency_keys: IdempotencyKeysTable;
  celigo_findings: CeligoFindingsTable;
  link_reminders: LinkRemindersTable;
  home_views: HomeViewsTable;
  redirect_seen: RedirectSeenTable;
}

/** What a request made in a channel about one connection records (links and redirect changes). */
export interface RequestColumns {
  /** Added by 0006: the Celigo account (`default` for rows written before it). */
  account: Generated<string>;
  id: string;
  team_id: string;
  channel_id: string;
  connection_id: string;
  connection_name: string;
  requested_by: string;
  created_at: string;
}

export interface LinksTable extends RequestColumns {
  customer_label: string;
  token_hash: string | null;
  state: LinkState;
  expires_at: string;
  offline_at_issue: number | null;
  last_modified_at_issue: string | null;
  opened_at: string | null;
  /** Added by 0004: the last press of Continue. */
  continued_at: string | null;
  closed_at: string | null;
  closed_reason: string | null;
}

export interface ThreadsTable {
  /** Added by 0006: the Celigo account (`default` for rows written before it). */
  account: Generated<string>;
  team_id: string;
  channel_id: string;
  connection_id: string;
  parent_ts: string | null;
  /** ConnectionCard as JSON. */
  card: string;
  updated_at: string;
}

export interface MessageRefsTable {
  ref: string;
  channel_id: string;
  ts: string;
}

export interface ConnectionSettingsTable {
  /** Added by 0006: the Celigo account (`default` for rows written before it). */
  account: Generated<string>;
  connection_id: string;
  landing_url: string | null;
  relay_active: number;
  updated_by: string | null;
  updated_at: string;
}

export interface RedirectChangesTable extends RequestColumns {
  before_value: string | null;
  after_value: string | null;
  celigo_value: string | null;
  landing_before: string | null;
  state: RedirectChangeState;
  decided_by: string | null;
  decided_at: string | null;
}

export interface WatchesTable {
  /** Added by 0006: the Celigo account (`default` for rows written before it). */
  account: Generated<string>;
  connection_id: string;
  team_id: string;
  connection_name: string;
  last_offline: number | null;
  last_modified: string | null;
  last_requester: string | null;
  checked_at: string | null;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  team_id: string | null;
  user_id: string | null;
  channel_id: string | null;
  action: AuditAction;
  connection_id: string | null;
  before_value: string | null;
  after_value: string | null;
  result: AuditResult;
  detail: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
  /** 'sha256' or 'hmac-sha256' (migration 0007; older rows default to 'sha256'). */
  hash_scheme: ColumnType<string, string | undefined, never>;
}

/** One row (id 1): the last appended seq and hash, so deleting the newest entries is detectable. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  /** UTC day (YYYY-MM-DD) of the last daily anchor post; compare-and-set across replicas. */
  anchored_on: ColumnType<string | null, string | null | undefined, string | null>;
}

export type OutboxStatus = 'pending' | 'sent' | 'dead';

export interface OutboxTable {
  id: Generated<number>;
  ordering_key: string;
  /** OutboxMessage as JSON. */
  payload: string;
  status: OutboxStatus;
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  /** Set on the first row of an enqueued batch; unique, so a repeated batch is skipped. */
  dedupe_key: string | null;
}

export interface IdempotencyKeysTable {
  key: string;
  claimed_at: string;
}

export interface CeligoFindingsTable {
  account: string;
  name: FindingName;
  value: string;
  source: 'probe' | 'guard';
  at: string;
}

export interface LinkRemindersTable {
  link_id: string;
  /** ReminderKind. */
  kind: string;
  sent_at: string;
}

export interface HomeViewsTable {
  team_id: string;
  user_id: string;
  opened_at: string;
}

export interface RedirectSeenTable {
  connection_id: string;
  value: string | null;
  seen_at: string;
}
