import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../src/logger.js';
import { createHousekeeper, DEFAULT_RETENTION_MS } from '../../../../src/services/index.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../../../support/databases.js';
import { FixedClock } from '../../../support/fixed-clock.js';
import { later, linkOpened, T0, threadKey } from './fixtures.js';

const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`retention on ${dialect}`, () => {
    let t: TestStorage;
    beforeAll(async () => {
      t = await openTestStorage(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });
    beforeEach(async () => {
      await t.reset();
    });

    it('purges only delivered outbox items older than the cutoff; pending and dead items stay', async () => {
      const { outbox } = t.storage;
      await outbox.enqueue([linkOpened(threadKey('C1'), 'a')], T0);
      await outbox.enqueue([linkOpened(threadKey('C2'), 'b')], T0);
      await outbox.enqueue([linkOpened(threadKey('C3'), 'c')], T0);
      await outbox.enqueue([linkOpened(threadKey('C4'), 'd')], T0);
      const [a, b, c] = await outbox.claim('w', T0, 60_000, 3);
      await outbox.markSent(a!, 'w', T0);
      await outbox.markSent(b!, 'w', later(10 * DAY));
      await outbox.markFailed(c!, 'w', 'channel_not_found', T0, true);
      expect(await outbox.purgeSent(later(DAY))).toBe(1);
      expect(await outbox.stats()).toEqual({ pending: 1, sent: 1, dead: 1 });
      expect(await outbox.purgeSent(later(DAY))).toBe(0);
    });

    it('forgets idempotency keys older than the cutoff, so they could be claimed again', async () => {
      const { idempotency } = t.storage;
      expect(await idempotency.claim('old', T0)).toBe(true);
      expect(await idempotency.claim('new', later(5 * DAY))).toBe(true);
      expect(await idempotency.purge(later(DAY))).toBe(1);
      expect(await idempotency.claim('old', later(6 * DAY))).toBe(true);
      expect(await idempotency.claim('new', later(6 * DAY))).toBe(false);
    });

    it('the housekeeper purges what is past the retention and leaves the audit log alone', async () => {
      const clock = new FixedClock(T0);
      const { storage } = t;
      await storage.outbox.enqueue([linkOpened(threadKey('C1'), 'a')], T0);
      const [item] = await storage.outbox.claim('w', T0, 60_000, 1);
      await storage.outbox.markSent(item!, 'w', T0);
      await storage.idempotency.claim('k', T0);
      await storage.audit.append(
        {
          teamId: 'T1',
          userId: 'U1',
          channelId: 'C1',
          action: 'link.generate',
          connectionId: null,
          before: null,
          after: null,
          result: 'ok',
          detail: null,
          requestId: null,
        },
        T0,
      );
      const keeper = createHousekeeper({ storage, clock, logger: createLogger({ level: 'silent' }) });
      clock.advance(DEFAULT_RETENTION_MS - 1000);
      expect(await keeper.runOnce()).toEqual({ outbox: 0, idempotencyKeys: 0 });
      clock.advance(2000);
      expect(await keeper.runOnce()).toEqual({ outbox: 1, idempotencyKeys: 1 });
      expect(await storage.audit.query({})).toHaveLength(1);
    });
  });
}
