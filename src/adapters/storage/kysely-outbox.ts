import type { Insertable, Kysely, Selectable, UpdateQueryBuilder, UpdateResult } from 'kysely';
import { type OutboxMessage, orderingKey } from '../../domain/notification.js';
import type { ClaimedItem, Outbox, OutboxItem } from '../../ports/storage.js';
import { firstRow, limitLiteral, prepared } from './prepared.js';
import { changedOne, count, date, iso } from './rows.js';
import type { Database, OutboxTable } from './schema.js';
import type { SqlDialect } from './sql-dialect.js';

export const MAX_ERROR_LENGTH = 500;
/** What replaces a delivered customer link in the stored payload. */
export const DELIVERED_URL = '[delivered]';

// Prepared (src/adapters/storage/prepared.ts): a link enqueues two messages and marks both sent.
const insertFirst = prepared((db, row: Insertable<OutboxTable>) =>
  db
    .insertInto('outbox')
    .values(row)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id'),
);
const insertNext = prepared((db, row: Insertable<OutboxTable>) => db.insertInto('outbox').values(row));
type SentValues = { id: number; owner: string; sent_at: string };
const markSentRow = prepared((db, v: SentValues) => sent(db.updateTable('outbox').set({ status: 'sent' }), v));
const markSentScrubbed = prepared((db, v: SentValues & { payload: string }) =>
  sent(db.updateTable('outbox').set({ status: 'sent', payload: v.payload }), v),
);
/** The claim `KyselyOutbox.claim` describes; the batch size is a literal (one plan per worker's size). */
const claimDue = prepared(
  (db, v: { now: string; lease_until: string; owner: string; limit: number }, dialect) =>
    db
      .with(
        (cte) => cte('picked').materialized(),
        (db) =>
          db
            .selectFrom('outbox as o')
            .select('o.id')
            .where('o.status', '=', 'pending')
            .where('o.next_attempt_at', '<=', v.now)
            .where((eb) => eb.or([eb('o.lease_until', 'is', null), eb('o.lease_until', '<=', v.now)]))
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('outbox as earlier')
                    .select('earlier.id')
                    .whereRef('earlier.ordering_key', '=', 'o.ordering_key')
                    .where('earlier.status', '=', 'pending')
                    .whereRef('earlier.id', '<', 'o.id'),
                ),
              ),
            )
            .orderBy('o.id')
            .limit(limitLiteral(v.limit))
            .$if(dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
      )
      .updateTable('outbox')
      .set((eb) => ({ lease_owner: v.owner, lease_until: v.lease_until, attempts: eb('attempts', '+', 1) }))
      .where('id', 'in', (eb) => eb.selectFrom('picked').select('picked.id'))
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', v.now)]))
      .returningAll(),
  { literal: ['limit'] },
);
function sent(q: UpdateQueryBuilder<Database, 'outbox', 'outbox', UpdateResult>, v: SentValues) {
  return q
    .set({ sent_at: v.sent_at, lease_until: null })
    .where('id', '=', v.id)
    .where('status', '=', 'pending')
    .where('lease_owner', '=', v.owner);
}

export class KyselyOutbox implements Outbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
    /** Told after rows were inserted (the storage defers it to the commit inside a transaction). */
    private readonly enqueued: () => void = () => undefined,
  ) {}

  /**
   * Rows get increasing ids in batch order, which is the delivery order within an ordering key.
   * The dedupe key sits on the batch's first row (unique column): if it is already stored, nothing of
   * the batch is inserted. The batch is one transaction (the caller's, when bound to one).
   */
  async enqueue(messages: readonly OutboxMessage[], at: Date, dedupeKey?: string): Promise<void> {
    if (messages.length === 0) return;
    const run = async (db: Kysely<Database>): Promise<void> => {
      const rows = messages.map((m, i) => ({
        ordering_key: orderingKey(m),
        payload: JSON.stringify(m),
        status: 'pending' as const,
        attempts: 0,
        created_at: iso(at),
        next_attempt_at: iso(at),
        dedupe_key: i === 0 ? (dedupeKey ?? null) : null,
      }));
      const [first, ...rest] = rows;
      if (!first) return;
      const inserted = firstRow(await insertFirst.execute(db, this.dialect, first));
      if (!inserted) return; // dedupe key seen before: skip the whole batch
      // One prepared insert per row: a batch is a handful of messages, and its size would change the SQL.
      for (const row of rest) await insertNext.execute(db, this.dialect, row);
    };
    if (this.db.isTransaction || messages.length === 1) await run(this.db);
    else await this.db.transaction().execute(run);
    this.enqueued();
  }

  /**
   * One statement: pick due, unleased (or lease-expired) pending items that are the oldest pending item of
   * their ordering key, oldest first, and lease them. A later item of a key stays hidden while an earlier
   * one is pending (leased, waiting for a retry or not yet due).
   *
   * On PostgreSQL the pick is `FOR UPDATE SKIP LOCKED` and the UPDATE re-checks the lease, so two replicas
   * never lease the same row. The pick is a MATERIALIZED CTE on purpose: as an `IN (subquery)` the planner
   * may re-run the locking subquery per outer row, and then LIMIT no longer bounds the rows updated.
   */
  async claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxItem[]> {
    if (limit <= 0) return [];
    const { rows } = await claimDue.execute(this.db, this.dialect, {
      now: iso(now),
      lease_until: iso(new Date(now.getTime() + leaseMs)),
      owner,
      limit: Math.trunc(limit),
    });
    // RETURNING order is unspecified.
    return rows.sort((a, b) => a.id - b.id).map(toItem);
  }

  async markSent(item: ClaimedItem, owner: string, at: Date): Promise<boolean> {
    const scrubbed = scrubbedPayload(item.message);
    const v = { id: item.id, owner, sent_at: iso(at) };
    const result = scrubbed
      ? await markSentScrubbed.execute(this.db, this.dialect, { ...v, payload: scrubbed })
      : await markSentRow.execute(this.db, this.dialect, v);
    return changedOne(result);
  }

  async markFailed(item: ClaimedItem, owner: string, error: string, retryAt: Date, dead: boolean): Promise<void> {
    // A dead item will never be sent: drop the customer link now too, rather than leave it stored.
    const scrubbed = dead ? scrubbedPayload(item.message) : undefined;
    await this.db
      .updateTable('outbox')
      .set({
        status: dead ? 'dead' : 'pending',
        last_error: error.slice(0, MAX_ERROR_LENGTH),
        next_attempt_at: iso(retryAt),
        lease_owner: null,
        lease_until: null,
        ...(scrubbed ? { payload: scrubbed } : {}),
      })
      .where('id', '=', item.id)
      .where('status', '=', 'pending')
      .where('lease_owner', '=', owner)
      .execute();
  }

  async stats(): Promise<{ pending: number; sent: number; dead: number }> {
    const rows = await this.db
      .selectFrom('outbox')
      .select((eb) => ['status', eb.fn.countAll<string | number>().as('n')])
      .groupBy('status')
      .execute();
    const out = { pending: 0, sent: 0, dead: 0 };
    for (const r of rows) out[r.status] = count(r.n);
    return out;
  }

  async purgeSent(olderThan: Date): Promise<number> {
    const r = await this.db
      .deleteFrom('outbox')
      .where('status', '=', 'sent')
      .where('sent_at', '<', iso(olderThan))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

// Written by enqueue from an OutboxMessage; our own data, so no re-validation.
const parseMessage = (payload: string): OutboxMessage => JSON.parse(payload) as OutboxMessage;

/** The payload with a `link.created` URL replaced, or undefined when there is nothing to scrub. */
function scrubbedPayload(message: OutboxMessage): string | undefined {
  if (message.kind !== 'reply' && message.kind !== 'edit') return undefined;
  if (message.event.type !== 'link.created' || message.event.url === DELIVERED_URL) return undefined;
  return JSON.stringify({ ...message, event: { ...message.event, url: DELIVERED_URL } });
}

function toItem(r: Selectable<OutboxTable>): OutboxItem {
  return { id: r.id, message: parseMessage(r.payload), attempts: r.attempts, createdAt: date(r.created_at) };
}
