import type { Kysely } from 'kysely';
import type { Finding, FindingName, Findings } from '../../domain/celigo-findings.js';
import type { FindingsStore } from '../../ports/storage.js';
import { prepared } from './prepared.js';
import { date, iso } from './rows.js';
import type { Database } from './schema.js';
import type { SqlDialect } from './sql-dialect.js';

// Prepared (src/adapters/storage/prepared.ts): read before every authorization URL is trusted.
const selectFindings = prepared((db, v: { account: string }) =>
  db.selectFrom('celigo_findings').selectAll().where('account', '=', v.account),
);

export class KyselyFindingsStore implements FindingsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  async get(account: string): Promise<Findings> {
    const { rows } = await selectFindings.execute(this.db, this.dialect, { account });
    return new Map(
      rows.map((r) => [r.name, { account: r.account, name: r.name, value: r.value, source: r.source, at: date(r.at) }]),
    );
  }

  async save(f: Finding): Promise<void> {
    const values = { account: f.account, name: f.name, value: f.value, source: f.source, at: iso(f.at) };
    await this.db
      .insertInto('celigo_findings')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['account', 'name']).doUpdateSet({ value: values.value, source: values.source, at: values.at }),
      )
      .execute();
  }

  async remove(account: string, name: FindingName): Promise<void> {
    await this.db.deleteFrom('celigo_findings').where('account', '=', account).where('name', '=', name).execute();
  }
}
