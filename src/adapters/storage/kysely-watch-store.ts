import type { Insertable, Kysely, Selectable } from 'kysely';
import { accountOf } from '../../domain/account.js';
import type { Watch, WatchStore } from '../../ports/storage.js';
import { prepared } from './prepared.js';
import { bit, bitOrNull, boolOrNull, changedOne, dateOrNull, iso, isoOrNull } from './rows.js';
import type { Database, WatchesTable } from './schema.js';
import type { SqlDialect } from './sql-dialect.js';

// Prepared (src/adapters/storage/prepared.ts): every link refreshes its connection's watch.
const upsertWatch = prepared((db, row: Insertable<WatchesTable>) =>
  db
    .insertInto('watches')
    .values(row)
    // A refresh names the team and connection anew; observed state (offline, lastModified, checkedAt)
    // and the last requester are kept unless the caller supplies new values.
    .onConflict((oc) =>
      oc.column('connection_id').doUpdateSet((eb) => ({
        team_id: eb.ref('excluded.team_id'),
        connection_name: eb.ref('excluded.connection_name'),
        last_offline: eb.fn.coalesce('excluded.last_offline', 'watches.last_offline'),
        last_modified: eb.fn.coalesce('excluded.last_modified', 'watches.last_modified'),
        last_requester: eb.fn.coalesce('excluded.last_requester', 'watches.last_requester'),
        checked_at: eb.fn.coalesce('excluded.checked_at', 'watches.checked_at'),
      })),
    ),
);

export class KyselyWatchStore implements WatchStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  async upsert(w: Watch): Promise<void> {
    await upsertWatch.execute(this.db, this.dialect, {
      connection_id: w.connectionId,
      account: accountOf(w.connectionId),
      team_id: w.teamId,
      connection_name: w.connectionName,
      last_offline: bitOrNull(w.lastOffline),
      last_modified: w.lastModified,
      last_requester: w.lastRequester,
      checked_at: isoOrNull(w.checkedAt),
    });
  }

  async list(): Promise<Watch[]> {
    const rows = await this.db.selectFrom('watches').selectAll().orderBy('connection_id').execute();
    return rows.map(toWatch);
  }

  async get(connectionId: string): Promise<Watch | undefined> {
    const row = await this.db
      .selectFrom('watches')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return row ? toWatch(row) : undefined;
  }

  async listOffline(teamId: string): Promise<Watch[]> {
    const rows = await this.db
      .selectFrom('watches')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('last_offline', '=', bit(true))
      .orderBy('connection_id')
      .execute();
    return rows.map(toWatch);
  }

  async recordState(
    connectionId: string,
    expected: boolean | null,
    offline: boolean,
    lastModified: string | null,
    at: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('watches')
      .set({ last_offline: bit(offline), last_modified: lastModified, checked_at: iso(at) })
      .where('connection_id', '=', connectionId)
      // `= NULL` never matches and PostgreSQL's `IS` takes no parameter, so NULL gets its own predicate.
      .where((eb) => (expected === null ? eb('last_offline', 'is', null) : eb('last_offline', '=', bit(expected))))
      .executeTakeFirst();
    return changedOne(result);
  }
}

function toWatch(r: Selectable<WatchesTable>): Watch {
  return {
    connectionId: r.connection_id,
    teamId: r.team_id,
    connectionName: r.connection_name,
    lastOffline: boolOrNull(r.last_offline),
    lastModified: r.last_modified,
    lastRequester: r.last_requester,
    checkedAt: dateOrNull(r.checked_at),
  };
}
