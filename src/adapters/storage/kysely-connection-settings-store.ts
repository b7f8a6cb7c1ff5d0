import type { Kysely } from 'kysely';
import { accountOf } from '../../domain/account.js';
import type { ConnectionSettings, ConnectionSettingsStore } from '../../ports/storage.js';
import { firstRow, prepared } from './prepared.js';
import { bit, date, iso } from './rows.js';
import type { Database } from './schema.js';
import type { SqlDialect } from './sql-dialect.js';

// Prepared (src/adapters/storage/prepared.ts): read by every link and landing-page decision.
const selectSettings = prepared((db, v: { connection_id: string }) =>
  db.selectFrom('connection_settings').selectAll().where('connection_id', '=', v.connection_id),
);

export class KyselyConnectionSettingsStore implements ConnectionSettingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  async get(connectionId: string): Promise<ConnectionSettings | undefined> {
    const r = firstRow(await selectSettings.execute(this.db, this.dialect, { connection_id: connectionId }));
    return (
      r && {
        connectionId: r.connection_id,
        landingUrl: r.landing_url,
        relayActive: r.relay_active !== 0,
        updatedBy: r.updated_by,
        updatedAt: date(r.updated_at),
      }
    );
  }

  async save(s: ConnectionSettings): Promise<void> {
    const values = {
      connection_id: s.connectionId,
      account: accountOf(s.connectionId),
      landing_url: s.landingUrl,
      relay_active: bit(s.relayActive),
      updated_by: s.updatedBy,
      updated_at: iso(s.updatedAt),
    };
    await this.db
      .insertInto('connection_settings')
      .values(values)
      .onConflict((oc) =>
        oc.column('connection_id').doUpdateSet({
          landing_url: values.landing_url,
          relay_active: values.relay_active,
          updated_by: values.updated_by,
          updated_at: values.updated_at,
        }),
      )
      .execute();
  }
}
