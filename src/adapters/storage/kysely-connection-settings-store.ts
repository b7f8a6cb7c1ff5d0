import type { Kysely } from 'kysely';
import { accountOf } from '../../domain/account.js';
import type { ConnectionSettings, ConnectionSettingsStore } from '../../ports/storage.js';
import { bit, date, iso } from './rows.js';
import type { Database } from './schema.js';

export class KyselyConnectionSettingsStore implements ConnectionSettingsStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(connectionId: string): Promise<ConnectionSettings | undefined> {
    const r = await this.db
      .selectFrom('connection_settings')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
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
