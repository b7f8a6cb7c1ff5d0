import type { Kysely, Selectable } from 'kysely';
import type { RedirectChange, RedirectChangeState, RedirectChangeStore } from '../../ports/storage.js';
import { limitLiteral } from './prepared.js';
import { requestRecord, requestRow } from './request-rows.js';
import { changedOne, dateOrNull, iso, isoOrNull } from './rows.js';
import type { Database, RedirectChangesTable } from './schema.js';

export class KyselyRedirectChangeStore implements RedirectChangeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(c: RedirectChange): Promise<void> {
    await this.db
      .insertInto('redirect_changes')
      .values({
        ...requestRow(c),
        before_value: c.before,
        after_value: c.after,
        celigo_value: c.celigoValue,
        landing_before: c.landingBefore,
        state: c.state,
        decided_by: c.decidedBy,
        decided_at: isoOrNull(c.decidedAt),
      })
      .execute();
  }

  async get(id: string): Promise<RedirectChange | undefined> {
    const row = await this.db.selectFrom('redirect_changes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toChange(row);
  }

  async transition(
    id: string,
    from: RedirectChangeState,
    to: RedirectChangeState,
    by: string,
    at: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('redirect_changes')
      .set({ state: to, decided_by: by, decided_at: iso(at) })
      .where('id', '=', id)
      .where('state', '=', from)
      .executeTakeFirst();
    return changedOne(result);
  }

  async listApplied(teamId: string, connectionId: string, limit: number): Promise<RedirectChange[]> {
    const rows = await this.db
      .selectFrom('redirect_changes')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('connection_id', '=', connectionId)
      .where('state', '=', 'applied')
      .orderBy('decided_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limitLiteral(limit))
      .execute();
    return rows.map(toChange);
  }
}

function toChange(r: Selectable<RedirectChangesTable>): RedirectChange {
  return {
    ...requestRecord(r),
    before: r.before_value,
    after: r.after_value,
    celigoValue: r.celigo_value,
    landingBefore: r.landing_before,
    state: r.state,
    decidedBy: r.decided_by,
    decidedAt: dateOrNull(r.decided_at),
  };
}
