import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type OutboxMessage, orderingKey } from '../../../../src/domain/notification.js';
import type { Outbox, OutboxItem } from '../../../../src/ports/storage.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../../../support/databases.js';
import { channelLine, later, linkCreated, linkOpened, T0, threadKey } from './fixtures.js';

const LEASE = 60_000;
const ids = (items: readonly OutboxItem[]) => items.map((i) => i.id);

for (const dialect of DIALECTS) {
  describe(`outbox on ${dialect}`, () => {
    let t: TestStorage;
    let outbox: Outbox;
    beforeAll(async () => {
      t = await openTestStorage(dialect);
      outbox = t.storage.outbox;
    });
    afterAll(async () => {
      await t?.cleanup();
    });
    beforeEach(async () => {
      await t.reset();
    });

    const row = (id: number) => t.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('enqueued messages are handed out once, with a lease and a counted attempt', async () => {
      const msg = linkOpened(threadKey(), 'l1');
      await outbox.enqueue([msg], T0);
      expect(await outbox.stats()).toEqual({ pending: 1, sent: 0, dead: 0 });
      const [item, ...none] = await outbox.claim('w1', T0, LEASE, 10);
      expect(none).toEqual([]);
      expect(item).toMatchObject({ message: msg, attempts: 1, createdAt: T0 });
      expect(await row(item?.id ?? 0)).toMatchObject({
        ordering_key: orderingKey(msg),
        lease_owner: 'w1',
        lease_until: later(LEASE).toISOString(),
        status: 'pending',
      });
      expect(await outbox.claim('w2', later(1), LEASE, 10)).toEqual([]);
      expect(await outbox.markSent(item!, 'w1', later(2))).toBe(true);
      expect(await outbox.stats()).toEqual({ pending: 0, sent: 1, dead: 0 });
      expect(await outbox.claim('w2', later(LEASE * 2), LEASE, 10)).toEqual([]);
    });

    it('only the oldest pending item of an ordering key is handed out; other keys go in parallel, oldest first', async () => {
      const a = threadKey('CA');
      const b = threadKey('CB');
      await outbox.enqueue([linkCreated(a, 'l1'), linkOpened(a, 'l1')], T0);
      await outbox.enqueue([linkCreated(b, 'l2')], later(1));
      await outbox.enqueue([channelLine('one'), channelLine('two')], later(2));
      const first = await outbox.claim('w1', later(3), LEASE, 10);
      expect(first.map((i) => orderingKey(i.message))).toEqual([
        orderingKey(linkCreated(a, 'x')),
        orderingKey(linkCreated(b, 'x')),
        'channel:CAUDIT',
      ]);
      expect(first.map((i) => i.message.kind)).toEqual(['reply', 'reply', 'channel_line']);
      // While the first reply of thread A is leased, its next reply stays hidden from every worker.
      expect(await outbox.claim('w2', later(4), LEASE, 10)).toEqual([]);
      const [aFirst] = first;
      expect(await outbox.markSent(aFirst!, 'w1', later(5))).toBe(true);
      const next = await outbox.claim('w2', later(6), LEASE, 10);
      expect(next.map((i) => i.message)).toEqual([linkOpened(a, 'l1')]);
    });

    it('claim honours the limit, oldest first', async () => {
      await outbox.enqueue([channelLine('1', 'C1')], T0);
      await outbox.enqueue([channelLine('2', 'C2')], later(1));
      await outbox.enqueue([channelLine('3', 'C3')], later(2));
      const got = await outbox.claim('w1', later(3), LEASE, 2);
      expect(got.map((i) => (i.message.kind === 'channel_line' ? i.message.text : ''))).toEqual(['1', '2']);
      expect(await outbox.claim('w1', later(3), LEASE, 0)).toEqual([]);
    });

    it('an expired lease can be claimed again; the old owner can then no longer mark it sent', async () => {
      await outbox.enqueue([channelLine('x')], T0);
      const [mine] = await outbox.claim('w1', T0, LEASE, 1);
      expect(await outbox.claim('w2', later(LEASE - 1), LEASE, 1)).toEqual([]);
      const [theirs] = await outbox.claim('w2', later(LEASE), LEASE, 1);
      expect(theirs).toMatchObject({ id: mine?.id, attempts: 2 });
      expect(await outbox.markSent(mine!, 'w1', later(LEASE + 1))).toBe(false);
      expect(await outbox.markSent(theirs!, 'w2', later(LEASE + 2))).toBe(true);
      expect(await outbox.markSent(theirs!, 'w2', later(LEASE + 3))).toBe(false);
    });

    it('a failed item waits for its retry time, keeps its key blocked meanwhile, and records a short error', async () => {
      const k = threadKey();
      await outbox.enqueue([linkOpened(k, 'l1'), linkOpened(k, 'l2')], T0);
      const [item] = await outbox.claim('w1', T0, LEASE, 10);
      await outbox.markFailed(item!, 'w1', 'x'.repeat(2_000), later(30_000), false);
      expect(await row(item?.id ?? 0)).toMatchObject({
        status: 'pending',
        lease_owner: null,
        lease_until: null,
        next_attempt_at: later(30_000).toISOString(),
      });
      expect((await row(item?.id ?? 0)).last_error).toHaveLength(500);
      expect(await outbox.claim('w1', later(29_999), LEASE, 10)).toEqual([]);
      const [retry] = await outbox.claim('w2', later(30_000), LEASE, 10);
      expect(retry).toMatchObject({ id: item?.id, attempts: 2 });
    });

    it('markFailed from a worker that lost the lease changes nothing', async () => {
      await outbox.enqueue([channelLine('x')], T0);
      const [item] = await outbox.claim('w1', T0, LEASE, 1);
      await outbox.markFailed(item!, 'intruder', 'nope', later(1), true);
      expect(await row(item?.id ?? 0)).toMatchObject({ status: 'pending', lease_owner: 'w1', last_error: null });
    });

    it('a dead item no longer blocks its ordering key', async () => {
      const k = threadKey();
      await outbox.enqueue([linkOpened(k, 'l1'), linkOpened(k, 'l2')], T0);
      const [item] = await outbox.claim('w1', T0, LEASE, 10);
      await outbox.markFailed(item!, 'w1', 'channel_not_found', later(1), true);
      expect(await outbox.stats()).toEqual({ pending: 1, sent: 0, dead: 1 });
      const next = await outbox.claim('w1', later(2), LEASE, 10);
      expect(next.map((i) => i.message)).toEqual([linkOpened(k, 'l2')]);
    });

    it('a dedupe key already stored skips the whole later batch', async () => {
      const k = threadKey();
      await outbox.enqueue([linkCreated(k, 'l1'), channelLine('issued')], T0, 'generate:req-1');
      await outbox.enqueue([linkCreated(k, 'l1'), channelLine('issued again')], later(1), 'generate:req-1');
      await outbox.enqueue([channelLine('solo')], later(1), 'generate:req-1');
      expect(await outbox.stats()).toEqual({ pending: 2, sent: 0, dead: 0 });
      await outbox.enqueue([channelLine('other')], later(2), 'generate:req-2');
      await outbox.enqueue([channelLine('no key')], later(2));
      await outbox.enqueue([channelLine('no key')], later(2));
      await outbox.enqueue([], later(2), 'empty');
      expect(await outbox.stats()).toEqual({ pending: 5, sent: 0, dead: 0 });
    });

    it('racing enqueues with one dedupe key store one batch', async () => {
      await Promise.all(
        Array.from({ length: 4 }, () => outbox.enqueue([channelLine('a'), channelLine('b')], T0, 'click:1')),
      );
      expect(await outbox.stats()).toEqual({ pending: 2, sent: 0, dead: 0 });
    });

    it('marking a link.created reply sent scrubs the customer URL from the stored payload', async () => {
      const k = threadKey();
      const url = 'https://integrator.io/connection/oauth2/authorize?state=SECRET';
      await outbox.enqueue([linkCreated(k, 'l1', url)], T0);
      await outbox.enqueue([channelLine('audit line')], T0);
      const items = await outbox.claim('w1', T0, LEASE, 10);
      expect(items[0]?.message).toEqual(linkCreated(k, 'l1', url));
      for (const i of items) expect(await outbox.markSent(i, 'w1', later(1))).toBe(true);
      const stored = await t.db.selectFrom('outbox').select(['payload']).orderBy('id').execute();
      expect(stored.map((r) => r.payload).join('\n')).not.toContain('SECRET');
      expect(JSON.parse(stored[0]?.payload ?? '{}')).toEqual(linkCreated(k, 'l1', '[delivered]'));
      expect(JSON.parse(stored[1]?.payload ?? '{}')).toEqual(channelLine('audit line'));
    });

    it('a link.created reply that dies also loses its URL', async () => {
      await outbox.enqueue([linkCreated(threadKey(), 'l1', 'https://x.example/SECRET')], T0);
      const [item] = await outbox.claim('w1', T0, LEASE, 1);
      await outbox.markFailed(item!, 'w1', 'is_archived', later(1), true);
      expect((await row(item?.id ?? 0)).payload).not.toContain('SECRET');
    });

    it('a link.created reply whose lease was lost keeps its URL for the worker that now holds it', async () => {
      await outbox.enqueue([linkCreated(threadKey(), 'l1', 'https://x.example/KEEP')], T0);
      const [item] = await outbox.claim('w1', T0, LEASE, 1);
      await outbox.claim('w2', later(LEASE), LEASE, 1);
      expect(await outbox.markSent(item!, 'w1', later(LEASE + 1))).toBe(false);
      expect((await row(item?.id ?? 0)).payload).toContain('KEEP');
    });

    it('enqueue inside a transaction commits with it', async () => {
      await t.storage.transaction((tx) => tx.outbox.enqueue([channelLine('a'), channelLine('b')], T0, 'tx:1'));
      expect((await outbox.stats()).pending).toBe(2);
    });

    it(`${dialect === 'postgres' ? 'two replicas' : 'several workers'} draining concurrently never get the same item and keep each thread in order`, async () => {
      const other = dialect === 'postgres' ? (await t.openReplica({ poolSize: 4 })).outbox : outbox;
      const threads = Array.from({ length: 12 }, (_, i) => threadKey(`C${i}`));
      for (let n = 0; n < 6; n++) {
        for (const k of threads) {
          await outbox.enqueue([linkOpened(k, `l${n}`)], later(n));
        }
      }
      const delivered = new Map<number, string>();
      const lastIdByKey = new Map<string, number>();
      const inFlight = new Set<string>();
      const problems: string[] = [];
      const work = async (box: Outbox, owner: string) => {
        let idle = 0;
        while (idle < 3) {
          const items = await box.claim(owner, later(10), LEASE, 5);
          if (items.length === 0) {
            idle += 1;
            await new Promise((r) => setTimeout(r, 5));
            continue;
          }
          idle = 0;
          for (const item of items) {
            const key = orderingKey(item.message);
            if (delivered.has(item.id)) problems.push(`item ${item.id} handed out twice`);
            if (inFlight.has(key)) problems.push(`two items of ${key} in flight`);
            if ((lastIdByKey.get(key) ?? 0) > item.id) problems.push(`${key} out of order`);
            inFlight.add(key);
            delivered.set(item.id, owner);
          }
          await new Promise((r) => setTimeout(r, 1));
          for (const item of items) {
            const key = orderingKey(item.message);
            lastIdByKey.set(key, item.id);
            inFlight.delete(key);
            if (!(await box.markSent(item, owner, later(11)))) problems.push(`lost lease on ${item.id}`);
          }
        }
      };
      // Two workers per replica, so claims also overlap within one pool.
      await Promise.all([work(outbox, 'a1'), work(outbox, 'a2'), work(other, 'b1'), work(other, 'b2')]);
      expect(problems).toEqual([]);
      expect(delivered.size).toBe(72);
      expect(await outbox.stats()).toEqual({ pending: 0, sent: 72, dead: 0 });
      // The work was really shared (not one worker draining everything while the others idled).
      expect(new Set(delivered.values()).size).toBeGreaterThanOrEqual(2);
    });

    it('tells the enqueue listener after a plain enqueue, and after the commit (not before, not on rollback) in a transaction', async () => {
      let told = 0;
      let visibleWhenTold = -1;
      t.storage.onOutboxEnqueued(() => {
        told += 1;
        void outbox.stats().then((s) => {
          visibleWhenTold = s.pending;
        });
      });
      await outbox.enqueue([channelLine('plain')], T0);
      expect(told).toBe(1);

      await t.storage.transaction(async (tx) => {
        await tx.outbox.enqueue([channelLine('a', 'C1'), channelLine('b', 'C2')], T0);
        expect(told).toBe(1);
      });
      expect(told).toBe(2);
      await new Promise((r) => setTimeout(r, 20));
      expect(visibleWhenTold).toBe(3);

      await expect(
        t.storage.transaction(async (tx) => {
          await tx.outbox.enqueue([channelLine('c', 'C3')], T0);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(told).toBe(2);
      expect(await outbox.stats()).toEqual({ pending: 3, sent: 0, dead: 0 });
    });

    it('stats counts every status', async () => {
      const messages: OutboxMessage[] = [channelLine('a', 'C1'), channelLine('b', 'C2'), channelLine('c', 'C3')];
      await outbox.enqueue(messages, T0);
      const [a, b] = await outbox.claim('w', T0, LEASE, 2);
      await outbox.markSent(a!, 'w', later(1));
      await outbox.markFailed(b!, 'w', 'boom', later(1), true);
      expect(await outbox.stats()).toEqual({ pending: 1, sent: 1, dead: 1 });
      expect(ids(await outbox.claim('w', later(2), LEASE, 5))).toHaveLength(1);
    });
  });
}
