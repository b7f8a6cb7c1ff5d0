import type { Kysely, Selectable } from 'kysely';
import { accountOf } from '../../domain/account.js';
import type { AuthLink, LinkState } from '../../domain/link.js';
import { type LinkStore, PendingLinkConflictError } from '../../ports/storage.js';
import { ONE_PENDING_LINK_PER_ACCOUNT_INDEX } from './migrations/0006-accounts.js';
import { bitOrNull, boolOrNull, changedOne, date, dateOrNull, iso, isoOrNull } from './rows.js';
import type { Database, LinksTable } from './schema.js';

export class KyselyLinkStore implements LinkStore {
  constructor(private readonly db: Kysely<Database>) {}

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
    await this.db
      .insertInto('links')
      .values({
        id: link.id,
        team_id: link.teamId,
        channel_id: link.channelId,
        connection_id: link.connectionId,
        account: accountOf(link.connectionId),
        connection_name: link.connectionName,
        customer_label: link.customerLabel,
        requested_by: link.requestedBy,
        token_hash: link.tokenHash,
        state: link.state,
        created_at: iso(link.createdAt),
        expires_at: iso(link.expiresAt),
        offline_at_issue: bitOrNull(link.offlineAtIssue),
        last_modified_at_issue: link.lastModifiedAtIssue,
        opened_at: isoOrNull(link.openedAt),
        closed_at: isoOrNull(link.closedAt),
        closed_reason: link.closedReason,
      })
      .execute();
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
    const rows = await this.db
      .selectFrom('links')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('connection_id', '=', connectionId)
      .where('state', '=', 'pending')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toLink);
  }

  async listOpen(limit?: number): Promise<AuthLink[]> {
    const rows = await this.db
      .selectFrom('links')
      .selectAll()
      .where('state', '=', 'pending')
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .$if(limit !== undefined, (q) => q.limit(Math.max(0, Math.trunc(limit ?? 0))))
      .execute();
    return rows.map(toLink);
  }

  async listByConnection(teamId: string, connectionId: string, limit: number): Promise<AuthLink[]> {
    const rows = await this.db
      .selectFrom('links')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('connection_id', '=', connectionId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(0, Math.trunc(limit)))
      .execute();
    return rows.map(toLink);
  }

  async transition(id: string, from: LinkState, to: LinkState, at: Date, reason: string | null): Promise<boolean> {
    const leavesPending = from === 'pending' && to !== 'pending';
    const result = await this.db
      .updateTable('links')
      .set({ state: to, closed_reason: reason, ...(leavesPending ? { closed_at: iso(at) } : {}) })
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst();
    return changedOne(result);
  }

  async rebaseline(connectionId: string, lastModified: string): Promise<number> {
    const result = await this.db
      .updateTable('links')
      .set({ last_modified_at_issue: lastModified })
      .where('connection_id', '=', connectionId)
      .where('state', '=', 'pending')
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
    id: r.id,
    teamId: r.team_id,
    channelId: r.channel_id,
    connectionId: r.connection_id,
    connectionName: r.connection_name,
    customerLabel: r.customer_label,
    requestedBy: r.requested_by,
    tokenHash: r.token_hash,
    state: r.state,
    createdAt: date(r.created_at),
    expiresAt: date(r.expires_at),
    offlineAtIssue: boolOrNull(r.offline_at_issue),
    lastModifiedAtIssue: r.last_modified_at_issue,
    openedAt: dateOrNull(r.opened_at),
    closedAt: dateOrNull(r.closed_at),
    closedReason: r.closed_reason,
  };
}
