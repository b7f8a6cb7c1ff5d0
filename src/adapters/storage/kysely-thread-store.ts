import type { Expression, ExpressionBuilder, Insertable, Kysely, Selectable, SqlBool } from 'kysely';
import { accountOf } from '../../domain/account.js';
import type { ConnectionCard, ThreadKey } from '../../domain/notification.js';
import { AppError } from '../../errors.js';
import type { ThreadRecord, ThreadStore } from '../../ports/storage.js';
import { firstRow, prepared } from './prepared.js';
import { changedOne, date, iso } from './rows.js';
import type { Database, MessageRefsTable, ThreadsTable } from './schema.js';
import type { SqlDialect } from './sql-dialect.js';

type KeyColumns = ReturnType<typeof keyColumns>;

// Prepared: a link reads its thread three times and writes it twice (src/adapters/storage/prepared.ts).
const selectThread = prepared((db, key: KeyColumns) => db.selectFrom('threads').selectAll().where(byKey(key)));
const upsertCard = prepared((db, row: Insertable<ThreadsTable>) =>
  db
    .insertInto('threads')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['team_id', 'channel_id', 'connection_id'])
        .doUpdateSet((eb) => ({ card: eb.ref('excluded.card'), updated_at: eb.ref('excluded.updated_at') })),
    ),
);
const setParent = prepared((db, v: KeyColumns & { parent_ts: string }) =>
  db.updateTable('threads').set({ parent_ts: v.parent_ts }).where(byKey(v)).where('parent_ts', 'is', null),
);
const upsertMessageRef = prepared((db, row: Insertable<MessageRefsTable>) =>
  db
    .insertInto('message_refs')
    .values(row)
    .onConflict((oc) =>
      oc.column('ref').doUpdateSet((eb) => ({ channel_id: eb.ref('excluded.channel_id'), ts: eb.ref('excluded.ts') })),
    ),
);

export class KyselyThreadStore implements ThreadStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  async get(key: ThreadKey): Promise<ThreadRecord | undefined> {
    const row = firstRow(await selectThread.execute(this.db, this.dialect, keyColumns(key)));
    return row && toThread(row);
  }

  async saveCard(key: ThreadKey, card: ConnectionCard, at: Date): Promise<void> {
    await upsertCard.execute(this.db, this.dialect, {
      ...keyColumns(key),
      account: accountOf(key.connectionId),
      parent_ts: null,
      card: JSON.stringify(card),
      updated_at: iso(at),
    });
  }

  async setParentTs(key: ThreadKey, ts: string): Promise<boolean> {
    const result = await setParent.execute(this.db, this.dialect, { ...keyColumns(key), parent_ts: ts });
    if (changedOne(result)) return true;
    // `false` means "another replica recorded a ts first". Without a thread row there is nothing to
    // compare with: the card must be saved (saveCard) before it is posted, so this is a bug, not a race.
    if (!(await this.get(key))) {
      throw new AppError('thread_missing', 'Cannot record the parent message of a thread whose card was never saved.');
    }
    return false;
  }

  async listByConnection(teamId: string | null, connectionId: string): Promise<ThreadRecord[]> {
    const rows = await this.db
      .selectFrom('threads')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .$if(teamId !== null, (q) => q.where('team_id', '=', teamId as string))
      .orderBy('team_id')
      .orderBy('channel_id')
      .execute();
    return rows.map(toThread);
  }

  async saveMessageRef(ref: string, channelId: string, ts: string): Promise<void> {
    await upsertMessageRef.execute(this.db, this.dialect, { ref, channel_id: channelId, ts });
  }

  async getMessageRef(ref: string): Promise<{ channelId: string; ts: string } | undefined> {
    const row = await this.db
      .selectFrom('message_refs')
      .select(['channel_id', 'ts'])
      .where('ref', '=', ref)
      .executeTakeFirst();
    return row && { channelId: row.channel_id, ts: row.ts };
  }
}

/** A thread's primary key as column values. */
const keyColumns = (key: ThreadKey) => ({
  team_id: key.teamId,
  channel_id: key.channelId,
  connection_id: key.connectionId,
});

/** `where` for the one thread with these key columns. */
function byKey(key: KeyColumns) {
  return (eb: ExpressionBuilder<Database, 'threads'>): Expression<SqlBool> =>
    eb.and({ team_id: key.team_id, channel_id: key.channel_id, connection_id: key.connection_id });
}

function toThread(r: Selectable<ThreadsTable>): ThreadRecord {
  return {
    key: { teamId: r.team_id, channelId: r.channel_id, connectionId: r.connection_id },
    parentTs: r.parent_ts,
    // Written by saveCard from a ConnectionCard; our own data, so no re-validation.
    card: JSON.parse(r.card) as ConnectionCard,
    updatedAt: date(r.updated_at),
  };
}
