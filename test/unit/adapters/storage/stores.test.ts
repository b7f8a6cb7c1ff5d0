import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PendingLinkConflictError } from '../../../../src/ports/storage.js';
import { DIALECTS, openTestStorage, type TestStorage } from '../../../support/databases.js';
import { auditInput, CONNECTION, later, linkCreated, makeCard, makeLink, T0, threadKey } from './fixtures.js';

for (const dialect of DIALECTS) {
  describe(`storage stores on ${dialect}`, () => {
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

    describe('links', () => {
      it('a stored link reads back with its dates, booleans and nulls intact', async () => {
        const link = makeLink({ tokenHash: 'h1', openedAt: later(5), offlineAtIssue: false });
        await t.storage.links.insert(link);
        expect(await t.storage.links.get(link.id)).toEqual(link);
        expect(await t.storage.links.findByTokenHash('h1')).toEqual(link);
        expect(await t.storage.links.get('nope')).toBeUndefined();
        expect(await t.storage.links.findByTokenHash('nope')).toBeUndefined();
      });

      it('offlineAtIssue null stays null (not false)', async () => {
        await t.storage.links.insert(makeLink({ offlineAtIssue: null, lastModifiedAtIssue: null }));
        const got = await t.storage.links.get('lnk_1');
        expect(got?.offlineAtIssue).toBeNull();
        expect(got?.lastModifiedAtIssue).toBeNull();
      });

      it('a token hash is unique, while many links may have none', async () => {
        await t.storage.links.insert(makeLink({ id: 'a', tokenHash: 'same' }));
        await expect(t.storage.links.insert(makeLink({ id: 'b', tokenHash: 'same' }))).rejects.toThrow();
        await t.storage.links.insert(makeLink({ id: 'c', tokenHash: null, state: 'expired' }));
        await t.storage.links.insert(makeLink({ id: 'd', tokenHash: null, state: 'expired' }));
        expect((await t.storage.links.get('d'))?.tokenHash).toBeNull();
      });

      it('open links of a connection come newest first, only pending ones, only in that team', async () => {
        await t.storage.links.insert(makeLink({ id: 'new', createdAt: later(2), channelId: 'C2' }));
        await t.storage.links.insert(makeLink({ id: 'done', createdAt: later(3), state: 'completed' }));
        await t.storage.links.insert(makeLink({ id: 'other-team', createdAt: later(4), teamId: 'T2' }));
        await t.storage.links.insert(makeLink({ id: 'other-conn', createdAt: later(5), connectionId: 'f'.repeat(24) }));
        const open = await t.storage.links.findOpenByConnection('T1', CONNECTION);
        expect(open.map((l) => l.id)).toEqual(['new']);
      });

      it('the database keeps one pending link per team and connection: a second is a PendingLinkConflictError', async () => {
        await t.storage.links.insert(makeLink({ id: 'first', createdAt: later(1) }));
        const second = t.storage.links.insert(makeLink({ id: 'second', createdAt: later(2), channelId: 'C2' }));
        await expect(second).rejects.toBeInstanceOf(PendingLinkConflictError);
        // Closed links and other teams are not limited.
        await t.storage.links.insert(makeLink({ id: 'closed', createdAt: later(3), state: 'superseded' }));
        await t.storage.links.insert(makeLink({ id: 'other-team', createdAt: later(4), teamId: 'T2' }));
        expect((await t.storage.links.findOpenByConnection('T1', CONNECTION)).map((l) => l.id)).toEqual(['first']);
        expect(await t.storage.links.transition('first', 'pending', 'superseded', later(5), 'replaced')).toBe(true);
        await t.storage.links.insert(makeLink({ id: 'third', createdAt: later(6) }));
        expect((await t.storage.links.findOpenByConnection('T1', CONNECTION)).map((l) => l.id)).toEqual(['third']);
      });

      it('rebaseline moves the lastModified baseline of every pending link of the connection, all teams', async () => {
        await t.storage.links.insert(makeLink({ id: 'a', lastModifiedAtIssue: 'old' }));
        await t.storage.links.insert(makeLink({ id: 'b', teamId: 'T2', lastModifiedAtIssue: 'old' }));
        await t.storage.links.insert(makeLink({ id: 'c', state: 'completed', lastModifiedAtIssue: 'old' }));
        expect(await t.storage.links.rebaseline(CONNECTION, 'new')).toBe(2);
        const baselines = await Promise.all(
          ['a', 'b', 'c'].map(async (id) => (await t.storage.links.get(id))?.lastModifiedAtIssue),
        );
        expect(baselines).toEqual(['new', 'new', 'old']);
      });

      it('listOpen gives every pending link oldest first, honouring the limit', async () => {
        await t.storage.links.insert(makeLink({ id: 'b', createdAt: later(2) }));
        await t.storage.links.insert(makeLink({ id: 'a', createdAt: later(1), teamId: 'T2' }));
        await t.storage.links.insert(makeLink({ id: 'x', createdAt: later(0), state: 'expired' }));
        await t.storage.links.insert(makeLink({ id: 'c', createdAt: later(3), connectionId: 'f'.repeat(24) }));
        expect((await t.storage.links.listOpen()).map((l) => l.id)).toEqual(['a', 'b', 'c']);
        expect((await t.storage.links.listOpen(2)).map((l) => l.id)).toEqual(['a', 'b']);
        expect(await t.storage.links.countOpen()).toBe(3);
      });

      it('listByConnection gives links in any state, newest first, up to the limit', async () => {
        await t.storage.links.insert(makeLink({ id: 'a', createdAt: later(1), state: 'superseded' }));
        await t.storage.links.insert(makeLink({ id: 'b', createdAt: later(2), state: 'completed' }));
        await t.storage.links.insert(makeLink({ id: 'c', createdAt: later(3) }));
        expect((await t.storage.links.listByConnection('T1', CONNECTION, 2)).map((l) => l.id)).toEqual(['c', 'b']);
        expect(await t.storage.links.listByConnection('T2', CONNECTION, 10)).toEqual([]);
      });

      it('a transition out of pending records when and why; a second transition from pending loses', async () => {
        await t.storage.links.insert(makeLink());
        expect(await t.storage.links.transition('lnk_1', 'pending', 'completed', later(10), null)).toBe(true);
        expect(await t.storage.links.transition('lnk_1', 'pending', 'expired', later(11), 'ran out')).toBe(false);
        const link = await t.storage.links.get('lnk_1');
        expect(link?.state).toBe('completed');
        expect(link?.closedAt).toEqual(later(10));
        expect(link?.closedReason).toBeNull();
      });

      it('two concurrent transitions of one link: exactly one wins', async () => {
        await t.storage.links.insert(makeLink());
        const results = await Promise.all([
          t.storage.links.transition('lnk_1', 'pending', 'superseded', later(1), 'replaced by link lnk_2'),
          t.storage.links.transition('lnk_1', 'pending', 'revoked', later(1), 'revoked by U2'),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('a transition of an unknown link changes nothing and reports false', async () => {
        expect(await t.storage.links.transition('ghost', 'pending', 'failed', T0, 'x')).toBe(false);
      });

      it('markOpened records only the first opening', async () => {
        await t.storage.links.insert(makeLink());
        expect(await t.storage.links.markOpened('lnk_1', later(1))).toBe(true);
        expect(await t.storage.links.markOpened('lnk_1', later(2))).toBe(false);
        expect((await t.storage.links.get('lnk_1'))?.openedAt).toEqual(later(1));
        expect(await t.storage.links.markOpened('ghost', later(2))).toBe(false);
      });

      it('markContinued records every press; lastContinuedAt reads the latest', async () => {
        await t.storage.links.insert(makeLink());
        expect(await t.storage.links.lastContinuedAt('lnk_1')).toBeNull();
        await t.storage.links.markContinued('lnk_1', later(1));
        await t.storage.links.markContinued('lnk_1', later(3));
        expect(await t.storage.links.lastContinuedAt('lnk_1')).toEqual(later(3));
        expect(await t.storage.links.lastContinuedAt('ghost')).toBeNull();
      });
    });

    describe('threads', () => {
      it('saveCard creates the thread without a parent ts, then replaces the card but keeps the ts', async () => {
        const key = threadKey();
        expect(await t.storage.threads.get(key)).toBeUndefined();
        await t.storage.threads.saveCard(key, makeCard(), T0);
        expect(await t.storage.threads.get(key)).toEqual({ key, parentTs: null, card: makeCard(), updatedAt: T0 });
        expect(await t.storage.threads.setParentTs(key, '111.222')).toBe(true);
        const card2 = makeCard({ state: 'online', lastEvent: 'Authorized' });
        await t.storage.threads.saveCard(key, card2, later(1));
        expect(await t.storage.threads.get(key)).toEqual({
          key,
          parentTs: '111.222',
          card: card2,
          updatedAt: later(1),
        });
      });

      it('setParentTs is recorded once; the replica that posts second learns it lost', async () => {
        const key = threadKey();
        await t.storage.threads.saveCard(key, makeCard(), T0);
        const results = await Promise.all([
          t.storage.threads.setParentTs(key, '1.1'),
          t.storage.threads.setParentTs(key, '2.2'),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await t.storage.threads.setParentTs(key, '3.3')).toBe(false);
        expect(['1.1', '2.2']).toContain((await t.storage.threads.get(key))?.parentTs);
      });

      it('setParentTs on a thread whose card was never saved is an error, not a lost race', async () => {
        await expect(t.storage.threads.setParentTs(threadKey('C404'), '1.1')).rejects.toThrow(/never saved/);
      });

      it('threads are keyed by team, channel and connection; listByConnection finds all channels', async () => {
        await t.storage.threads.saveCard(threadKey('C1'), makeCard(), T0);
        await t.storage.threads.saveCard(threadKey('C2'), makeCard(), T0);
        await t.storage.threads.saveCard(threadKey('C1', CONNECTION, 'T2'), makeCard(), T0);
        await t.storage.threads.saveCard(threadKey('C1', 'f'.repeat(24)), makeCard(), T0);
        const inTeam = await t.storage.threads.listByConnection('T1', CONNECTION);
        expect(inTeam.map((r) => r.key.channelId)).toEqual(['C1', 'C2']);
        const everywhere = await t.storage.threads.listByConnection(null, CONNECTION);
        expect(everywhere.map((r) => `${r.key.teamId}/${r.key.channelId}`)).toEqual(['T1/C1', 'T1/C2', 'T2/C1']);
      });

      it('message refs are saved, replaced and looked up by ref', async () => {
        expect(await t.storage.threads.getMessageRef('link:1')).toBeUndefined();
        await t.storage.threads.saveMessageRef('link:1', 'C1', '1.1');
        expect(await t.storage.threads.getMessageRef('link:1')).toEqual({ channelId: 'C1', ts: '1.1' });
        await t.storage.threads.saveMessageRef('link:1', 'C1', '1.2');
        expect(await t.storage.threads.getMessageRef('link:1')).toEqual({ channelId: 'C1', ts: '1.2' });
      });
    });

    describe('connection settings', () => {
      it('are saved, read back and replaced per connection', async () => {
        expect(await t.storage.settings.get(CONNECTION)).toBeUndefined();
        const first = {
          connectionId: CONNECTION,
          landingUrl: 'https://example.com/a',
          relayActive: true,
          updatedBy: 'U1',
          updatedAt: T0,
        };
        await t.storage.settings.save(first);
        expect(await t.storage.settings.get(CONNECTION)).toEqual(first);
        const second = { ...first, landingUrl: null, relayActive: false, updatedBy: null, updatedAt: later(1) };
        await t.storage.settings.save(second);
        expect(await t.storage.settings.get(CONNECTION)).toEqual(second);
      });
    });

    describe('redirect changes', () => {
      const change = {
        id: 'rc_1',
        teamId: 'T1',
        channelId: 'C1',
        connectionId: CONNECTION,
        connectionName: 'Shopify (Acme)',
        before: 'https://old.example.com',
        after: 'https://new.example.com',
        celigoValue: 'https://bot.example.com/oauth/return',
        landingBefore: null,
        requestedBy: 'U1',
        state: 'proposed' as const,
        createdAt: T0,
        decidedBy: null,
        decidedAt: null,
      };

      it('a proposed change reads back as stored', async () => {
        await t.storage.redirectChanges.insert(change);
        expect(await t.storage.redirectChanges.get('rc_1')).toEqual(change);
        expect(await t.storage.redirectChanges.get('rc_2')).toBeUndefined();
      });

      it('a double-clicked Confirm applies once and records who decided', async () => {
        await t.storage.redirectChanges.insert(change);
        const results = await Promise.all([
          t.storage.redirectChanges.transition('rc_1', 'proposed', 'applied', 'U2', later(1)),
          t.storage.redirectChanges.transition('rc_1', 'proposed', 'applied', 'U2', later(1)),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await t.storage.redirectChanges.transition('rc_1', 'proposed', 'cancelled', 'U3', later(2))).toBe(false);
        expect(await t.storage.redirectChanges.get('rc_1')).toMatchObject({
          state: 'applied',
          decidedBy: 'U2',
          decidedAt: later(1),
        });
        expect(await t.storage.redirectChanges.transition('rc_1', 'applied', 'undone', 'U3', later(3))).toBe(true);
      });

      it('listApplied gives the team’s applied changes of a connection, most recently decided first', async () => {
        for (const id of ['rc_1', 'rc_2', 'rc_3']) await t.storage.redirectChanges.insert({ ...change, id });
        await t.storage.redirectChanges.insert({ ...change, id: 'rc_other', teamId: 'T2' });
        await t.storage.redirectChanges.transition('rc_2', 'proposed', 'applied', 'U2', later(1));
        await t.storage.redirectChanges.transition('rc_1', 'proposed', 'applied', 'U2', later(2));
        await t.storage.redirectChanges.transition('rc_other', 'proposed', 'applied', 'U2', later(3));
        const ids = async (limit: number) =>
          (await t.storage.redirectChanges.listApplied('T1', change.connectionId, limit)).map((c) => c.id);
        expect(await ids(5)).toEqual(['rc_1', 'rc_2']);
        expect(await ids(1)).toEqual(['rc_1']);
      });
    });

    describe('watches', () => {
      const watch = {
        connectionId: CONNECTION,
        teamId: 'T1',
        connectionName: 'Shopify (Acme)',
        lastOffline: null,
        lastModified: null,
        lastRequester: 'U1',
        checkedAt: null,
      };

      it('upsert adds a watch, and a refresh keeps the observed state unless given', async () => {
        await t.storage.watches.upsert(watch);
        expect(await t.storage.watches.list()).toEqual([watch]);
        expect(await t.storage.watches.recordState(CONNECTION, null, true, '2030-01-01T00:00:00Z', later(1))).toBe(
          true,
        );
        await t.storage.watches.upsert({ ...watch, connectionName: 'Renamed', lastRequester: 'U9' });
        expect(await t.storage.watches.list()).toEqual([
          {
            ...watch,
            connectionName: 'Renamed',
            lastRequester: 'U9',
            lastOffline: true,
            lastModified: '2030-01-01T00:00:00Z',
            checkedAt: later(1),
          },
        ]);
        await t.storage.watches.upsert({ ...watch, lastOffline: false });
        expect((await t.storage.watches.list())[0]?.lastOffline).toBe(false);
      });

      it("get finds one connection's watch; listOffline the team's watches last seen offline", async () => {
        const other = 'b'.repeat(24);
        const third = 'c'.repeat(24);
        await t.storage.watches.upsert({ ...watch, lastOffline: true });
        await t.storage.watches.upsert({ ...watch, connectionId: other, lastOffline: false });
        await t.storage.watches.upsert({ ...watch, connectionId: third, teamId: 'T2', lastOffline: true });
        expect(await t.storage.watches.get(CONNECTION)).toEqual({ ...watch, lastOffline: true });
        expect(await t.storage.watches.get('d'.repeat(24))).toBeUndefined();
        expect((await t.storage.watches.listOffline('T1')).map((w) => w.connectionId)).toEqual([CONNECTION]);
        expect((await t.storage.watches.listOffline('T2')).map((w) => w.connectionId)).toEqual([third]);
        expect(await t.storage.watches.listOffline('T3')).toEqual([]);
      });

      it('recordState is a compare-and-set on lastOffline, NULL included', async () => {
        await t.storage.watches.upsert(watch);
        // First check: expected null. A stale expectation (false) loses.
        expect(await t.storage.watches.recordState(CONNECTION, false, true, null, later(1))).toBe(false);
        expect(await t.storage.watches.recordState(CONNECTION, null, false, null, later(1))).toBe(true);
        expect(await t.storage.watches.recordState(CONNECTION, null, true, null, later(2))).toBe(false);
        // Flip to offline: two replicas see it; only one announces.
        const results = await Promise.all([
          t.storage.watches.recordState(CONNECTION, false, true, 'm2', later(3)),
          t.storage.watches.recordState(CONNECTION, false, true, 'm2', later(3)),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await t.storage.watches.list())[0]).toMatchObject({ lastOffline: true, lastModified: 'm2' });
        expect(await t.storage.watches.recordState('f'.repeat(24), null, true, null, later(4))).toBe(false);
      });

      it('list returns every watch', async () => {
        await t.storage.watches.upsert(watch);
        await t.storage.watches.upsert({ ...watch, connectionId: 'b'.repeat(24), teamId: 'T2' });
        expect((await t.storage.watches.list()).map((w) => w.connectionId)).toEqual([CONNECTION, 'b'.repeat(24)]);
      });
    });

    describe('redirect values seen by the poller', () => {
      it('bulk first sightings keep an earlier value; bulk reads return only connections ever seen', async () => {
        const ids = Array.from({ length: 600 }, (_, i) => i.toString(16).padStart(24, '0'));
        await t.storage.redirectSeen.baselineMany(
          [{ connectionId: ids[0] as string, value: 'https://a.example/1' }],
          T0,
        );
        await t.storage.redirectSeen.baselineMany(
          [
            ...ids.map((id, i) => ({ connectionId: id, value: i % 2 === 0 ? null : `https://b.example/${i}` })),
            { connectionId: ids[1] as string, value: 'https://dup.example' },
          ],
          later(1),
        );
        const seen = await t.storage.redirectSeen.getMany([...ids, 'f'.repeat(24)]);
        expect(seen.size).toBe(ids.length);
        expect(seen.get(ids[0] as string)).toBe('https://a.example/1');
        expect(seen.get(ids[2] as string)).toBeNull();
        expect(seen.get(ids[599] as string)).toBe('https://b.example/599');
        expect(seen.has('f'.repeat(24))).toBe(false);
        // Compare-and-set still works on a bulk-recorded value.
        expect(await t.storage.redirectSeen.change(ids[2] as string, null, 'https://c.example', later(2))).toBe(true);
        expect((await t.storage.redirectSeen.getMany([ids[2] as string])).get(ids[2] as string)).toBe(
          'https://c.example',
        );
        expect((await t.storage.redirectSeen.getMany([])).size).toBe(0);
      });
    });

    describe('idempotency', () => {
      it('only the first claim of a key wins, even when claims race', async () => {
        const results = await Promise.all([
          t.storage.idempotency.claim('click:1', T0),
          t.storage.idempotency.claim('click:1', T0),
          t.storage.idempotency.claim('click:1', T0),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await t.storage.idempotency.claim('click:1', later(1))).toBe(false);
        expect(await t.storage.idempotency.claim('click:2', later(1))).toBe(true);
      });
    });

    describe('transactions', () => {
      it('a transaction that throws commits nothing: no link, no audit entry, no outbox message', async () => {
        await expect(
          t.storage.transaction(async (tx) => {
            await tx.links.insert(makeLink());
            await tx.audit.append(auditInput(), T0);
            await tx.outbox.enqueue([linkCreated(threadKey(), 'lnk_1')], T0, 'gen:lnk_1');
            await tx.idempotency.claim('k', T0);
            throw new Error('Celigo said no');
          }),
        ).rejects.toThrow('Celigo said no');
        expect(await t.storage.links.get('lnk_1')).toBeUndefined();
        expect(await t.storage.audit.query({})).toEqual([]);
        expect(await t.storage.audit.head()).toBeUndefined();
        expect(await t.storage.outbox.stats()).toEqual({ pending: 0, sent: 0, dead: 0 });
        expect(await t.storage.idempotency.claim('k', T0)).toBe(true);
        // The dedupe key was rolled back too, so the retried use case can enqueue.
        await t.storage.outbox.enqueue([linkCreated(threadKey(), 'lnk_1')], T0, 'gen:lnk_1');
        expect((await t.storage.outbox.stats()).pending).toBe(1);
      });

      it('a transaction that succeeds commits everything and returns its value', async () => {
        const entry = await t.storage.transaction(async (tx) => {
          await tx.links.insert(makeLink());
          await tx.outbox.enqueue([linkCreated(threadKey(), 'lnk_1')], T0);
          return tx.audit.append(auditInput(), T0);
        });
        expect(entry.seq).toBe(1);
        expect(await t.storage.links.get('lnk_1')).toBeDefined();
        expect(await t.storage.audit.head()).toEqual({ seq: 1, hash: entry.hash });
        expect((await t.storage.outbox.stats()).pending).toBe(1);
      });

      it('ping answers while the database is reachable', async () => {
        await expect(t.storage.ping()).resolves.toBeUndefined();
      });
    });

    describe('Celigo findings', () => {
      it('a finding reads back per account, a later save replaces it, and remove forgets it', async () => {
        expect((await t.storage.findings.get('default')).size).toBe(0);
        await t.storage.findings.save({
          account: 'default',
          name: 'patch_redirect_url',
          value: 'refused',
          source: 'probe',
          at: T0,
        });
        await t.storage.findings.save({ account: 'eu', name: 'ping_method', value: 'GET', source: 'probe', at: T0 });
        await t.storage.transaction((tx) =>
          tx.findings.save({
            account: 'default',
            name: 'patch_redirect_url',
            value: 'accepted',
            source: 'probe',
            at: later(5),
          }),
        );
        const found = await t.storage.findings.get('default');
        expect([...found.keys()]).toEqual(['patch_redirect_url']);
        expect(found.get('patch_redirect_url')).toEqual({
          account: 'default',
          name: 'patch_redirect_url',
          value: 'accepted',
          source: 'probe',
          at: later(5),
        });
        await t.storage.findings.remove('default', 'patch_redirect_url');
        expect((await t.storage.findings.get('default')).size).toBe(0);
        expect((await t.storage.findings.get('eu')).get('ping_method')?.value).toBe('GET');
      });
    });
  });
}
