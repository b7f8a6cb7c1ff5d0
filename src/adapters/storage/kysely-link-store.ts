import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { AuthLink, LinkState } from '../../domain/link.js';
import { type LinkStore, PendingLinkConflictError } from '../../ports/storage.js';
import { ONE_PENDING_LINK_PER_ACCOUNT_INDEX } from './migrations/0006-accounts.js';
import { limitLiteral, prepared } from './prepared.js';
import { requestRecord, requestRow } from './request-rows.js';
import { bitOrNull, boolOrNull, changedOne, count, date, dateOrNull, iso, isoOrNull } from './rows.js';
import type { Database, LinksTable } from './schema.js';
import type { SqlDialect } from './sql-dialect.js';

/**
 * A link state written into the SQL as a literal, never bound. `links` has a partial index (one pending link
 * per connection: `WHERE state = 'pending'`), and SQLite re-prepares a statement on every run when a bound
 * value sits in a WHERE term it has to compare with that condition: a lookup by connection took 14 µs with
 * `state = ?` and 3 µs with `state = 'pending'`, about 0.1 ms per link in the app. States are our own
 * constants, never user text.
 */
const stateIs = (state: LinkState) => sql.lit(state);

// Prepared (src/adapters/storage/prepared.ts): every link is inserted once and its connection's pending link
// looked up several times.
const insertLink = prepared((db, row: Insertable<LinksTable>) => db.insertInto('links').values(row));
const selectOpenByConnection = prepared((db, v: { team_id: string; connection_id: string }) =>
  db
    .selectFrom('links')
    .selectAll()
    .where('team_id', '=', v.team_id)
    .where('connection_id', '=', v.connection_id)
    .where('state', '=', stateIs('pending'))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc'),
);

export class KyselyLinkStore implements LinkStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  async insert(link: AuthLink): Promise<void> {
    try {
      await this.insertRow(link);
    } catch (err) {
      if (link.state === 'pending' && isUniqueViolation(err, ONE_PENDING_LINK_PER_ACCOUNT_INDEX)) {
        throw new PendingLinkConflictError(link.connectionId);
      }
      throw err;
    }
  }

  private async insertRow(link: AuthLink): Promise<void> {
    await insertLink.execute(this.db, this.dialect, {
      ...requestRow(link),
      customer_label: link.customerLabel,
      token_hash: link.tokenHash,
      state: link.state,
      expires_at: iso(link.expiresAt),
      offline_at_issue: bitOrNull(link.offlineAtIssue),
      last_modified_at_issue: link.lastModifiedAtIssue,
      opened_at: isoOrNull(link.openedAt),
      closed_at: isoOrNull(link.closedAt),
      closed_reason: link.closedReason,
    });
  }

  async get(id: string): Promise<AuthLink | undefined> {
    const row = await this.db.selectFrom('links').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toLink(row);
  }

  async findByTokenHash(tokenHash: string): Promise<AuthLink | undefined> {
    const row = await this.db.selectFrom('links').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && toLink(row);
  }

  async findOpenByConnection(teamId: string, connectionId: string): Promise<AuthLink[]> {
    const { rows } = await selectOpenByConnection.execute(this.db, this.dialect, {
      team_id: teamId,
      connection_id: connectionId,
    });
    return rows.map(toLink);
  }

  async listOpen(limit?: number): Promise<AuthLink[]> {
    const rows = await this.db
      .selectFrom('links')
      .selectAll()
      .where('state', '=', stateIs('pending'))
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .$if(limit !== undefined, (q) => q.limit(limitLiteral(limit ?? 0)))
      .execute();
    return rows.map(toLink);
  }

  async countOpen(): Promise<number> {
    const row = await this.db
      .selectFrom('links')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('state', '=', stateIs('pending'))
      .executeTakeFirstOrThrow();
    return count(row.n);
  }

  async listByConnection(teamId: string, connectionId: string, limit: number): Promise<AuthLink[]> {
    return newestLinks(this.db, { team_id: teamId, connection_id: connectionId }, limit);
  }

  async transition(id: string, from: LinkState, to: LinkState, at: Date, reason: string | null): Promise<boolean> {
    const leavesPending = from === 'pending' && to !== 'pending';
    const result = await this.db
      .updateTable('links')
      .set({ state: to, closed_reason: reason, ...(leavesPending ? { closed_at: iso(at) } : {}) })
      .where('id', '=', id)
      .where('state', '=', stateIs(from))
      .executeTakeFirst();
    return changedOne(result);
  }

  async rebaseline(connectionId: string, lastModified: string): Promise<number> {
    const result = await this.db
      .updateTable('links')
      .set({ last_modified_at_issue: lastModified })
      .where('connection_id', '=', connectionId)
      .where('state', '=', stateIs('pending'))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async markOpened(id: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('links')
      .set({ opened_at: iso(at) })
      .where('id', '=', id)
      .where('opened_at', 'is', null)
      .executeTakeFirst();
    return changedOne(result);
  }

  async markContinued(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('links')
      .set({ continued_at: iso(at) })
      .where('id', '=', id)
      .execute();
  }

  async lastContinuedAt(id: string): Promise<Date | null> {
    const row = await this.db.selectFrom('links').select('continued_at').where('id', '=', id).executeTakeFirst();
    return dateOrNull(row?.continued_at ?? null);
  }
}

/** Equality conditions on a link row's columns (open links by state: `findOpenByConnection`, `listOpen`). */
export type LinkFilter = Partial<Pick<LinksTable, 'team_id' | 'connection_id' | 'requested_by'>>;

/** The links matching every condition of `filter`, newest first (ties by id), at most `limit`. */
export async function newestLinks(db: Kysely<Database>, filter: LinkFilter, limit?: number): Promise<AuthLink[]> {
  const rows = await db
    .selectFrom('links')
    .selectAll()
    .where((eb) => eb.and(filter))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .$if(limit !== undefined, (q) => q.limit(limitLiteral(limit ?? 0)))
    .execute();
  return rows.map(toLink);
}

/**
 * PostgreSQL names the violated index (code 23505); SQLite names the columns instead
 * ("UNIQUE constraint failed: links.team_id, links.connection_id").
 */
function isUniqueViolation(err: unknown, index: string): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return e.constraint === index;
  return (
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    typeof e.message === 'string' &&
    e.message.includes('links.team_id, links.account, links.connection_id')
  );
}

export function toLink(r: Selectable<LinksTable>): AuthLink {
  return {
    ...requestRecord(r),
    customerLabel: r.customer_label,
    tokenHash: r.token_hash,
    state: r.state,
    expiresAt: date(r.expires_at),
    offlineAtIssue: boolOrNull(r.offline_at_issue),
    lastModifiedAtIssue: r.last_modified_at_issue,
    openedAt: dateOrNull(r.opened_at),
    closedAt: dateOrNull(r.closed_at),
    closedReason: r.closed_reason,
  };
}
