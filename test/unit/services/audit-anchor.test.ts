import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import type { Storage } from '../../../src/ports/storage.js';
import { createAuditRecorder } from '../../../src/services/common/audit-recorder.js';
import { createHousekeeper } from '../../../src/services/index.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../../support/databases.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { auditInput } from '../adapters/storage/fixtures.js';

const config = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-test',
  SLACK_SIGNING_SECRET: 'secret',
  CELIGO_API_TOKEN: 'token',
  AUDIT_CHANNEL_ID: 'CAUDIT',
});
const silent = createLogger({ level: 'silent' });

for (const dialect of DIALECTS) {
  describe(`audit anchors on ${dialect}`, () => {
    let t: TestStorage;
    let replica: Storage;
    let clock: FixedClock;
    beforeAll(async () => {
      t = await openTestStorage(dialect);
      replica = await t.openReplica();
    });
    afterAll(async () => {
      await t?.cleanup();
    });
    beforeEach(async () => {
      await t.reset();
      clock = new FixedClock('2030-03-04T23:30:00.000Z');
    });

    /** The audit channel's lines that carry a head hash, in enqueue order. */
    async function anchorLines(): Promise<string[]> {
      const rows = await t.db.selectFrom('outbox').select(['payload']).orderBy('id').execute();
      return rows
        .map((r) => (JSON.parse(r.payload) as { kind: string; text?: string }).text ?? '')
        .filter((text) => text.startsWith('Audit anchor:'));
    }

    const appendVia = (storage: Storage) => {
      const record = createAuditRecorder(config, clock);
      return () => storage.transaction((tx) => record(tx, auditInput()));
    };

    it('after every 100th entry the head hash is posted once, even with two replicas appending', async () => {
      const a = appendVia(t.storage);
      const b = appendVia(replica);
      if (dialect === 'postgres') {
        // Two replicas racing: each entry's number is decided under the append lock.
        await Promise.all([
          (async () => {
            for (let i = 0; i < 105; i++) await a();
          })(),
          (async () => {
            for (let i = 0; i < 105; i++) await b();
          })(),
        ]);
      } else {
        // SQLite replicas share one file: alternate them instead.
        for (let i = 0; i < 105; i++) {
          await a();
          await b();
        }
      }
      const entries = await t.storage.audit.query({ order: 'asc', limit: 500 });
      expect(entries).toHaveLength(210);
      const hashOf = (seq: number) => entries.find((e) => e.seq === seq)?.hash;
      expect(await anchorLines()).toEqual([
        `Audit anchor: entry #100, head hash ${hashOf(100)}. Check later with: celigo-bot audit verify --anchor ${hashOf(100)}`,
        `Audit anchor: entry #200, head hash ${hashOf(200)}. Check later with: celigo-bot audit verify --anchor ${hashOf(200)}`,
      ]);
    });

    it('the daily anchor is posted by one replica per UTC day, never for an empty log', async () => {
      const keepers = [t.storage, replica].map((storage) =>
        createHousekeeper({ storage, clock, logger: silent, auditChannelId: 'CAUDIT' }),
      );
      const [k1, k2] = keepers as [(typeof keepers)[0], (typeof keepers)[0]];
      expect(await k1.anchorOnce()).toBe(false);
      await appendVia(t.storage)();
      const race = async () =>
        dialect === 'postgres'
          ? Promise.all([k1.anchorOnce(), k2.anchorOnce()])
          : [await k1.anchorOnce(), await k2.anchorOnce()];
      expect((await race()).filter(Boolean)).toHaveLength(1);
      expect((await race()).filter(Boolean)).toHaveLength(0);
      const head = await t.storage.audit.head();
      expect(await anchorLines()).toEqual([
        `Audit anchor: entry #1, head hash ${head?.hash}. Check later with: celigo-bot audit verify --anchor ${head?.hash}`,
      ]);
      clock.advance(60 * 60_000); // past midnight UTC
      await appendVia(replica)();
      expect((await race()).filter(Boolean)).toHaveLength(1);
      const lines = await anchorLines();
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(`entry #2, head hash ${(await t.storage.audit.head())?.hash}`);
    });

    it('without an audit channel nothing is anchored', async () => {
      await appendVia(t.storage)();
      const keeper = createHousekeeper({ storage: t.storage, clock, logger: silent, auditChannelId: null });
      expect(await keeper.anchorOnce()).toBe(false);
      expect(await anchorLines()).toEqual([]);
    });
  });
}
