/**
 * A database written by the schema before several Celigo accounts (migrations 0001–0005) opens under the
 * new code with everything in account `default`; its audit chain still verifies, and its pending link still
 * completes when the app serves `default` next to another account.
 */
import { type Kysely, Migrator } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { createDatabase, type Database, openStorage } from '../../../src/adapters/storage/index.js';
import { MIGRATIONS } from '../../../src/adapters/storage/migrations/index.js';
import { runCli } from '../../../src/cli/main.js';
import { GENESIS_HASH, hashAudit } from '../../../src/domain/audit.js';
import { createLogger } from '../../../src/logger.js';
import { startTestApp } from '../../support/app-harness.js';
import { createEmptyTestDatabase, DIALECTS, type EmptyTestDatabase } from '../../support/databases.js';
import { startFakeCeligo } from '../../support/fake-celigo.js';
import { captureIo } from '../cli/cli-io.js';

const CONN = 'cccccccccccccccccccccccc';
const BEFORE_ACCOUNTS = [
  '0001-initial',
  '0002-one-pending-link',
  '0003-celigo-findings',
  '0004-link-continued-at',
  '0005-home-and-reminders',
];

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Writes the database the way the app did before 0006: old tables only, rows without an account. */
async function writeOldDatabase(target: EmptyTestDatabase): Promise<void> {
  const db: Kysely<Database> = createDatabase(target.dbConfig);
  try {
    const provider = {
      getMigrations: async () => Object.fromEntries(BEFORE_ACCOUNTS.map((name) => [name, MIGRATIONS[name]!])),
    };
    const { error } = await new Migrator({ db, provider }).migrateToLatest();
    expect(error).toBeUndefined();
    const now = new Date();
    // biome-ignore lint/suspicious/noExplicitAny: the old table shapes, without today's `account` column
    const old = db as unknown as Kysely<any>;
    await old
      .insertInto('links')
      .values({
        id: 'link-old-1',
        team_id: 'T1',
        channel_id: 'C1',
        connection_id: CONN,
        connection_name: 'Shopify Acme',
        customer_label: 'Acme',
        requested_by: 'U1',
        token_hash: null,
        state: 'pending',
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + 3_600_000).toISOString(),
        offline_at_issue: 1,
        last_modified_at_issue: null,
        opened_at: null,
        continued_at: null,
        closed_at: null,
        closed_reason: null,
      })
      .execute();
    await old
      .insertInto('watches')
      .values({ connection_id: CONN, team_id: 'T1', connection_name: 'Shopify Acme', last_offline: 1 })
      .execute();
    // Audit entries as the app wrote them then: plain SHA-256 over the canonical form, chained, with a head.
    let prevHash = GENESIS_HASH;
    let seq = 0;
    for (const action of ['link.generate', 'connection.status'] as const) {
      seq += 1;
      const e = {
        seq,
        at: now.toISOString(),
        teamId: 'T1',
        userId: 'U1',
        channelId: 'C1',
        action,
        connectionId: CONN,
        before: null,
        after: null,
        result: 'ok' as const,
        detail: null,
        requestId: 'req-old',
        prevHash,
      };
      const hash = hashAudit(e);
      await old
        .insertInto('audit_log')
        .values({
          seq,
          at: e.at,
          team_id: 'T1',
          user_id: 'U1',
          channel_id: 'C1',
          action,
          connection_id: CONN,
          before_value: null,
          after_value: null,
          result: 'ok',
          detail: null,
          request_id: 'req-old',
          prev_hash: prevHash,
          hash,
        })
        .execute();
      prevHash = hash;
    }
    await old.updateTable('audit_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
  } finally {
    await db.destroy();
  }
}

describe.each(DIALECTS)('migration 0006 (%s)', (dialect) => {
  test('old rows land in account default, audit verify passes, and the old link still completes', async () => {
    const target = await createEmptyTestDatabase(dialect);
    cleanups.push(() => target.drop());
    await writeOldDatabase(target);

    const storage = await openStorage(target.dbConfig, createLogger({ level: 'silent' }));
    const db = createDatabase(target.dbConfig);
    try {
      const links = await db.selectFrom('links').select(['id', 'account']).execute();
      expect(links).toEqual([{ id: 'link-old-1', account: 'default' }]);
      const watches = await db.selectFrom('watches').select(['connection_id', 'account']).execute();
      expect(watches).toEqual([{ connection_id: CONN, account: 'default' }]);
      expect((await storage.links.get('link-old-1'))?.state).toBe('pending');
    } finally {
      await db.destroy();
      await storage.close();
    }

    const io = captureIo({ DATABASE_URL: target.dbConfig.url });
    expect(await runCli(['audit', 'verify'], io)).toBe(0);

    // The app now serves `default` and a second account; the pending link is default's and completes.
    const home = await startFakeCeligo({ token: 'default-token-0001' });
    const other = await startFakeCeligo({ token: 'other-token-0002' });
    home.addConnection({ _id: CONN, name: 'Shopify Acme' });
    other.addConnection({ _id: CONN, name: 'Shopify Acme elsewhere' });
    const t = await startTestApp({
      fakeCeligo: home,
      databaseUrl: target.dbConfig.url,
      env: {
        CELIGO_ACCOUNTS: `default=${home.baseUrl},eu-prod=${other.baseUrl}`,
        CELIGO_API_TOKEN_DEFAULT: home.token,
        CELIGO_API_TOKEN_EU_PROD: other.token,
      },
    });
    cleanups.push(async () => {
      await t.stop({ keepFakes: true });
      await home.close();
      await other.close();
    });
    home.authorize(CONN);
    const report = await t.app.services.completion.pollOnce();
    expect(report.completed).toBe(1);
    expect((await t.app.storage.links.get('link-old-1'))?.state).toBe('completed');
    expect(other.apiRequests().every((r) => r.auth === `Bearer ${other.token}`)).toBe(true);
    expect(other.apiRequests().some((r) => r.path.includes(CONN))).toBe(false);
  });
});
