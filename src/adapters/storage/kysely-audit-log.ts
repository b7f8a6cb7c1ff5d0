import { type Kysely, type Selectable, sql } from 'kysely';
import { type AuditEntry, type AuditInput, GENESIS_HASH, hashAudit, schemeFor } from '../../domain/audit.js';
import type { AuditLog, AuditQuery } from '../../ports/storage.js';
import { firstRow, limitLiteral, prepared } from './prepared.js';
import { iso } from './rows.js';
import type { AuditLogTable, Database } from './schema.js';
import { AUDIT_APPEND_LOCK_KEY, type SqlDialect } from './sql-dialect.js';
import { ROWS_AS_ARRAYS } from './statement-cache.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
/** Rows per page when walking the whole log: few round trips, and memory stays bounded by one page. */
const DEFAULT_BATCH = 2000;

/** An entry's columns, in the order `fromValues` and `toRow` follow. */
const ENTRY_COLUMNS = [
  'seq',
  'at',
  'team_id',
  'user_id',
  'channel_id',
  'action',
  'connection_id',
  'before_value',
  'after_value',
  'result',
  'detail',
  'request_id',
  'prev_hash',
  'hash',
  'hash_scheme',
] as const;
const PAGE_SQL = sql.raw(`${ROWS_AS_ARRAYS} select ${ENTRY_COLUMNS.join(', ')} from audit_log`);

// Prepared (src/adapters/storage/prepared.ts): every action appends at least one entry.
const selectHead = prepared((db, v: { id: number }) =>
  db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', v.id),
);
const insertEntry = prepared((db, row: ReturnType<typeof toRow>) => db.insertInto('audit_log').values(row));
const moveHead = prepared((db, v: { id: number; seq: number; hash: string }) =>
  db.updateTable('audit_head').set({ seq: v.seq, hash: v.hash }).where('id', '=', v.id),
);
/** The one row of audit_head. */
const HEAD = { id: 1 };

export class KyselyAuditLog implements AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  /**
   * Appends so that seq and prevHash come from the true previous entry even with several writers. On
   * PostgreSQL by compare-and-set on the head row (appendIfHeadUnchanged). On SQLite under the write lock:
   * its transactions start with BEGIN IMMEDIATE (database.ts). When the store is already bound to a caller's
   * transaction, that transaction is used (no nested one), so the entry commits or rolls back with the
   * caller's other writes.
   */
  async append(input: AuditInput, at: Date, key: Uint8Array | null = null): Promise<AuditEntry> {
    if (this.dialect === 'postgres') {
      const entry = await this.appendIfHeadUnchanged(input, at, key);
      if (entry) return entry;
    }
    return this.db.isTransaction
      ? this.appendLocked(this.db, input, at, key)
      : this.db.transaction().execute((trx) => this.appendLocked(trx, input, at, key));
  }

  /**
   * Two round trips instead of six (begin, lock, read, insert, update, commit): read the head, then one
   * statement moves the head only if it is still what was read, and inserts the entry only if it moved. A
   * writer that lost the race reads the new head and tries again; one that meets a head another transaction
   * has moved but not committed waits for that transaction (the row lock) and then sees it moved. The
   * audit_log primary key on seq refuses a duplicate even so. Undefined when the head row is missing.
   */
  private async appendIfHeadUnchanged(
    input: AuditInput,
    at: Date,
    key: Uint8Array | null,
  ): Promise<AuditEntry | undefined> {
    for (;;) {
      const head = firstRow(await selectHead.execute(this.db, this.dialect, HEAD));
      if (!head) return undefined;
      const entry = chainedEntry(input, at, key, head);
      const res = await sql`with moved as (
          update audit_head set seq = ${entry.seq}, hash = ${entry.hash}
          where id = 1 and seq = ${head.seq} and hash = ${head.hash} returning id)
        insert into audit_log (${sql.raw(ENTRY_COLUMNS.join(', '))})
        select ${sql.join(columnValues(toRow(entry)))} from moved`.execute(this.db);
      if (res.numAffectedRows === 1n) return entry;
    }
  }

  /** Under a lock held until commit: the advisory lock on PostgreSQL (only when the head row is missing). */
  private async appendLocked(
    trx: Kysely<Database>,
    input: AuditInput,
    at: Date,
    key: Uint8Array | null,
  ): Promise<AuditEntry> {
    if (this.dialect === 'postgres') {
      await sql`select pg_advisory_xact_lock(${sql.lit(AUDIT_APPEND_LOCK_KEY)})`.execute(trx);
    }
    const head = firstRow(await selectHead.execute(trx, this.dialect, HEAD));
    const entry = chainedEntry(input, at, key, head);
    await insertEntry.execute(trx, this.dialect, toRow(entry));
    if (head) {
      await moveHead.execute(trx, this.dialect, { ...HEAD, seq: entry.seq, hash: entry.hash });
    } else {
      // The migration creates the head row; this only repairs a database where it was removed.
      await trx.insertInto('audit_head').values({ id: 1, seq: entry.seq, hash: entry.hash }).execute();
    }
    return entry;
  }

  /** `since` is inclusive, `until` exclusive. Newest first unless `order: 'asc'`. */
  async query(q: AuditQuery): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(q.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .$if(q.connectionId !== undefined, (b) => b.where('connection_id', '=', q.connectionId as string))
      .$if(q.userId !== undefined, (b) => b.where('user_id', '=', q.userId as string))
      .$if(q.actions !== undefined, (b) =>
        // An empty list matches nothing (SQL has no empty IN list).
        q.actions?.length ? b.where('action', 'in', [...q.actions]) : b.where(sql.lit(false)),
      )
      .$if(q.since !== undefined, (b) => b.where('at', '>=', iso(q.since as Date)))
      .$if(q.until !== undefined, (b) => b.where('at', '<', iso(q.until as Date)))
      .$if(q.beforeSeq !== undefined, (b) => b.where('seq', '<', q.beforeSeq as number))
      .orderBy('seq', q.order === 'asc' ? 'asc' : 'desc')
      .limit(limitLiteral(limit))
      .execute();
    return rows.map(toEntry);
  }

  /**
   * Keyset pages (`seq > last`), so each page is an index range however deep into the log. On SQLite the rows
   * come as arrays (ROWS_AS_ARRAYS); PostgreSQL answers objects.
   */
  async *iterate(batchSize = DEFAULT_BATCH): AsyncIterable<AuditEntry> {
    const size = Math.max(1, Math.trunc(batchSize));
    let after = 0;
    for (;;) {
      const { rows } =
        await sql<unknown>`${PAGE_SQL} where seq > ${after} order by seq asc limit ${limitLiteral(size)}`.execute(
          this.db,
        );
      const entries = rows.map((r) => (Array.isArray(r) ? fromValues(r) : toEntry(r as Selectable<AuditLogTable>)));
      yield* entries;
      const last = entries.at(-1);
      if (!last || entries.length < size) return;
      after = last.seq;
    }
  }

  async claimDailyAnchor(day: string): Promise<{ seq: number; hash: string } | undefined> {
    // One conditional UPDATE: a second replica waits for the first one's row lock (PostgreSQL) or write
    // lock (SQLite), then finds the day already moved and updates nothing. YYYY-MM-DD sorts as text.
    const res = await this.db
      .updateTable('audit_head')
      .set({ anchored_on: day })
      .where('id', '=', 1)
      .where('seq', '>', 0)
      .where((eb) => eb.or([eb('anchored_on', 'is', null), eb('anchored_on', '<', day)]))
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1 ? this.head() : undefined;
  }

  async head(): Promise<{ seq: number; hash: string } | undefined> {
    const row = await this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    return row && row.seq > 0 ? { seq: row.seq, hash: row.hash } : undefined;
  }
}

/** The entry that follows `head` (or starts the chain), hashed with `key` when there is one. */
function chainedEntry(
  input: AuditInput,
  at: Date,
  key: Uint8Array | null,
  head: { seq: number; hash: string } | undefined,
): AuditEntry {
  const unhashed: Omit<AuditEntry, 'hash' | 'scheme'> = {
    seq: (head?.seq ?? 0) + 1,
    at: iso(at),
    teamId: input.teamId,
    userId: input.userId,
    channelId: input.channelId,
    action: input.action,
    connectionId: input.connectionId,
    before: input.before,
    after: input.after,
    result: input.result,
    detail: input.detail,
    requestId: input.requestId,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: hashAudit(unhashed, key), scheme: schemeFor(key) };
}

/** The row of an entry, as inserted. */
function toRow(e: AuditEntry) {
  return {
    seq: e.seq,
    at: e.at,
    team_id: e.teamId,
    user_id: e.userId,
    channel_id: e.channelId,
    action: e.action,
    connection_id: e.connectionId,
    before_value: e.before,
    after_value: e.after,
    result: e.result,
    detail: e.detail,
    request_id: e.requestId,
    prev_hash: e.prevHash,
    hash: e.hash,
    hash_scheme: e.scheme,
  };
}

const columnValues = (row: ReturnType<typeof toRow>): unknown[] => ENTRY_COLUMNS.map((c) => row[c]);

/** A row read as values in ENTRY_COLUMNS order (no closures: it runs per row). */
function fromValues(v: unknown[]): AuditEntry {
  return {
    seq: v[0] as number,
    at: v[1] as string,
    teamId: v[2] as string | null,
    userId: v[3] as string | null,
    channelId: v[4] as string | null,
    action: v[5] as AuditEntry['action'],
    connectionId: v[6] as string | null,
    before: v[7] as string | null,
    after: v[8] as string | null,
    result: v[9] as AuditEntry['result'],
    detail: v[10] as string | null,
    requestId: v[11] as string | null,
    prevHash: v[12] as string,
    hash: v[13] as string,
    scheme: schemeOf(v[14] as string | null),
  };
}

// Rows written before migration 0007 were all plain SHA-256.
const schemeOf = (stored: string | null): AuditEntry['scheme'] => (stored === 'hmac-sha256' ? 'hmac-sha256' : 'sha256');

/** A row read as an object: the same mapping as fromValues, one place for both. */
const toEntry = (r: Selectable<AuditLogTable>): AuditEntry => fromValues(ENTRY_COLUMNS.map((c) => r[c]));
