import { afterEach, describe, expect, it } from 'vitest';
import { linkMessageRef } from '../../../src/domain/notification.js';
import { relayUrl } from '../../../src/domain/public-urls.js';
import { createServices } from '../../../src/services/index.js';
import { celigoErrors } from '../../support/memory-celigo.js';
import { makeLink } from '../adapters/storage/fixtures.js';
import { ADMIN, CHANNEL, createHarness, type Harness, OPERATOR, PUBLIC_URL, TEAM } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

let key = 0;
async function issue(connectionId: string, label = 'Acme', channel = CHANNEL, user = OPERATOR) {
  const r = await h.services.links.generate(h.actor(user, channel), {
    connectionRef: connectionId,
    customerLabel: label,
    idempotencyKey: `k${++key}`,
  });
  if (!r.ok) throw new Error(r.message);
  return r.value.link;
}

const replies = async (type: string) => (await h.outbox()).filter((m) => m.kind === 'reply' && m.event.type === type);

describe('completion by polling', () => {
  it('checks every pending link with one bulk list call per round, and announces each completion once', async () => {
    h = await createHarness();
    const conns = Array.from({ length: 5 }, (_, i) => h.celigo.add({ name: `Conn ${i}` }));
    const links = [];
    for (const c of conns) links.push(await issue(c.id, `Customer ${c.name}`));
    const listCalls = h.celigo.calls.listConnections;
    const getCalls = h.celigo.calls.getConnection;

    const quiet = await h.services.completion.pollOnce();
    expect(quiet).toMatchObject({ checkedLinks: 5, completed: 0, expired: 0, celigoCalls: 1 });
    expect(h.celigo.calls.listConnections - listCalls).toBe(1);

    h.celigo.authorize(conns[1]!.id);
    h.celigo.authorize(conns[3]!.id);
    const round = await h.services.completion.pollOnce();
    expect(round).toMatchObject({ checkedLinks: 5, completed: 2, celigoCalls: 3 }); // 1 list + 2 pings
    expect(h.celigo.calls.listConnections - listCalls).toBe(2);
    expect(h.celigo.calls.getConnection).toBe(getCalls);
    expect(h.celigo.calls.ping).toBe(2);

    const done = links[1]!;
    expect(await h.db.storage.links.get(done.id)).toMatchObject({ state: 'completed' });
    const completed = {
      type: 'link.completed',
      linkId: done.id,
      requestedBy: OPERATOR,
      customerLabel: 'Customer Conn 1',
    };
    const thread = { teamId: TEAM, channelId: CHANNEL, connectionId: conns[1]!.id };
    expect(await h.outbox()).toContainEqual({ kind: 'reply', thread, event: completed });
    expect(await h.outbox()).toContainEqual({ kind: 'edit', thread, ref: linkMessageRef(done.id), event: completed });
    const cards = (await h.outbox()).filter((m) => m.kind === 'card' && m.thread.connectionId === conns[1]!.id);
    expect(cards.at(-1)).toMatchObject({ card: { state: 'online', pendingLink: null } });
    expect((await h.auditRows()).filter((e) => e.action === 'link.completed')).toHaveLength(2);

    await h.services.completion.pollOnce();
    expect(await replies('link.completed')).toHaveLength(2);
    // The connection came online because of the link: no separate "back online" reply.
    expect(await replies('connection.online')).toHaveLength(0);
  });

  it('a connection that was online at issue is not announced as completed from offline alone (Q-offline-signal)', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM', offline: false });
    const link = await issue(c.id);
    for (let i = 0; i < 3; i++) await h.services.completion.pollOnce();
    expect(await h.db.storage.links.get(link.id)).toMatchObject({ state: 'pending' });
    expect(h.celigo.calls.ping).toBe(0);
    // A fresh authorization rewrites the connection: lastModified moves on, and that counts.
    h.celigo.authorize(c.id);
    expect(await h.services.completion.pollOnce()).toMatchObject({ completed: 1 });
  });

  it('online but the ping fails: the link fails with Celigo’s reason, and the requester is named', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    const link = await issue(c.id);
    h.celigo.authorize(c.id);
    h.celigo.setPing(c.id, { ok: false, reason: 'invalid_grant' });
    await h.services.completion.pollOnce();
    const reason = 'Celigo reports the connection online but its test failed: invalid_grant';
    expect(await h.db.storage.links.get(link.id)).toMatchObject({ state: 'failed', closedReason: reason });
    expect(await replies('link.failed')).toEqual([
      {
        kind: 'reply',
        thread: { teamId: TEAM, channelId: CHANNEL, connectionId: c.id },
        event: { type: 'link.failed', linkId: link.id, requestedBy: OPERATOR, customerLabel: 'Acme', reason },
      },
    ]);
    expect((await h.auditRows()).find((e) => e.action === 'link.failed')).toMatchObject({ result: 'failed' });
  });

  it('a ping that throws leaves the link pending for the next round', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    const link = await issue(c.id);
    h.celigo.authorize(c.id);
    h.celigo.failNext('ping', celigoErrors.timeout());
    expect(await h.services.completion.pollOnce()).toMatchObject({ completed: 0 });
    expect((await h.db.storage.links.get(link.id))?.state).toBe('pending');
    expect(await h.services.completion.pollOnce()).toMatchObject({ completed: 1 });
  });

  it('overdue links are expired and announced; the list call is skipped when nothing is left to check', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    const link = await issue(c.id);
    await h.db.db.deleteFrom('watches').execute();
    const listCalls = h.celigo.calls.listConnections;
    h.clock.advance(60 * 60_000);
    expect(await h.services.completion.pollOnce()).toMatchObject({ expired: 1, checkedLinks: 0, celigoCalls: 0 });
    expect(h.celigo.calls.listConnections).toBe(listCalls);
    expect(await h.db.storage.links.get(link.id)).toMatchObject({ state: 'expired' });
    const expired = { type: 'link.expired', linkId: link.id, requestedBy: OPERATOR, customerLabel: 'Acme' };
    expect(await replies('link.expired')).toEqual([
      { kind: 'reply', thread: { teamId: TEAM, channelId: CHANNEL, connectionId: c.id }, event: expired },
    ]);
    expect(await h.services.completion.pollOnce()).toMatchObject({ expired: 0 });
  });

  it('two rounds racing (two replicas) announce a completion once', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    await issue(c.id);
    h.celigo.authorize(c.id);
    const [a, b] = await Promise.all([h.services.completion.pollOnce(), h.services.completion.pollOnce()]);
    expect(a.completed + b.completed).toBe(1);
    expect(await replies('link.completed')).toHaveLength(1);
    expect((await h.auditRows()).filter((e) => e.action === 'link.completed')).toHaveLength(1);
  });

  it('a Celigo outage is logged and reported; the next round retries', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    await issue(c.id);
    h.celigo.authorize(c.id);
    h.celigo.failNext('listConnections', celigoErrors.server());
    expect(await h.services.completion.pollOnce()).toMatchObject({ completed: 0, celigoCalls: 1 });
    expect(h.logs()).toContain('Could not list connections');
    expect(await h.services.completion.pollOnce()).toMatchObject({ completed: 1 });
  });
});

describe('watched connections', () => {
  it('online → offline is told in every thread of the connection with the last requester; back online too', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    await issue(c.id, 'Acme', CHANNEL);
    await issue(c.id, 'Acme', 'C0002', ADMIN);
    h.celigo.authorize(c.id);
    await h.services.completion.pollOnce(); // completes the pending link
    await h.services.completion.pollOnce(); // the watch now records online
    expect(await replies('connection.offline')).toHaveLength(0);

    h.celigo.setOffline(c.id, true);
    expect(await h.services.completion.pollOnce()).toMatchObject({ wentOffline: 1 });
    const offline = await replies('connection.offline');
    expect(offline.map((m) => (m.kind === 'reply' ? m.thread.channelId : '')).sort()).toEqual([CHANNEL, 'C0002']);
    expect(offline[0]).toMatchObject({
      event: { type: 'connection.offline', connectionName: 'Acme CRM', lastRequester: ADMIN },
    });
    const cards = (await h.outbox()).filter((m) => m.kind === 'card');
    expect(cards.at(-1)).toMatchObject({ card: { state: 'offline' } });
    expect((await h.auditRows()).filter((e) => e.action === 'connection.offline')).toHaveLength(1);
    expect(await h.services.completion.pollOnce()).toMatchObject({ wentOffline: 0 });

    h.celigo.setOffline(c.id, false);
    await h.services.completion.pollOnce();
    expect(await replies('connection.online')).toHaveLength(2);
  });

  it('two rounds racing announce going offline once', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM', offline: false });
    const link = await issue(c.id);
    await h.services.links.revoke(h.actor(OPERATOR), link.id);
    h.celigo.setOffline(c.id, true);
    const [a, b] = await Promise.all([h.services.completion.pollOnce(), h.services.completion.pollOnce()]);
    expect(a.wentOffline + b.wentOffline).toBe(1);
    expect(await replies('connection.offline')).toHaveLength(1);
  });
});

describe('completion via the return relay', () => {
  async function relayed(opts: { landing?: string } = {}) {
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: opts.landing });
    const link = await issue(c.id);
    expect(h.celigo.get(c.id).redirectUrl).toBe(relayUrl(PUBLIC_URL, c.id));
    return { c, link };
  }

  it('an arrival checks Celigo and announces completion once Celigo reports the connection online', async () => {
    h = await createHarness();
    const { c, link } = await relayed({ landing: 'https://partner.example.com/thanks' });
    h.celigo.authorize(c.id);
    const gets = h.celigo.calls.getConnection;
    const out = await h.services.completion.relayArrived(
      c.id,
      new URLSearchParams('code=secret-code&state=xyz'),
      'rq-1',
    );
    expect(out).toEqual({ forwardTo: 'https://partner.example.com/thanks', status: 'completed', matched: true });
    expect(await h.db.storage.links.get(link.id)).toMatchObject({ state: 'completed' });
    expect(await replies('link.completed')).toHaveLength(1);
    expect(h.celigo.calls.getConnection - gets).toBe(1);
    // Only parameter names are logged or audited.
    const relay = (await h.auditRows()).find((e) => e.action === 'relay.arrived');
    expect(relay).toMatchObject({ detail: 'query parameters: code, state', requestId: 'rq-1' });
    expect(h.logs()).not.toContain('secret-code');
    expect(JSON.stringify(await h.auditRows())).not.toContain('secret-code');
    // The safety-net poll later finds nothing more to announce.
    await h.services.completion.pollOnce();
    expect(await replies('link.completed')).toHaveLength(1);
  });

  it('an arrival while Celigo still says offline is only a trigger: nothing is announced', async () => {
    h = await createHarness();
    const { c, link } = await relayed();
    const out = await h.services.completion.relayArrived(c.id, new URLSearchParams(), 'rq');
    expect(out).toEqual({ forwardTo: null, status: 'pending', matched: true });
    expect((await h.db.storage.links.get(link.id))?.state).toBe('pending');
    expect(await replies('link.completed')).toHaveLength(0);
  });

  it('an anonymous `error` (no Continue pressed) changes nothing: the link stays pending, the thread hears nothing', async () => {
    h = await createHarness();
    const { c, link } = await relayed();
    const gets = h.celigo.calls.getConnection;
    const out = await h.services.completion.relayArrived(c.id, new URLSearchParams({ error: 'access_denied' }), 'rq');
    expect(out).toEqual({ forwardTo: null, status: 'failed', matched: true });
    expect((await h.db.storage.links.get(link.id))?.state).toBe('pending');
    expect(await replies('link.failed')).toEqual([]);
    expect(await replies('link.not_finished')).toEqual([]);
    expect(h.celigo.calls.getConnection).toBe(gets);
  });

  it('an `error` within 30 minutes of Continue tells the thread once, with a cleaned reason, and keeps the link open', async () => {
    h = await createHarness();
    const { c, link } = await relayed();
    await h.db.storage.links.markContinued(link.id, h.clock.now());
    h.clock.advance(29 * 60_000);
    const params = new URLSearchParams({ error: 'access_denied<script>', error_description: 'User said no' });
    await h.services.completion.relayArrived(c.id, params, 'rq-1');
    await h.services.completion.relayArrived(c.id, params, 'rq-2');
    expect((await h.db.storage.links.get(link.id))?.state).toBe('pending');
    expect(await replies('link.failed')).toEqual([]);
    expect(await replies('link.not_finished')).toEqual([
      expect.objectContaining({
        event: { type: 'link.not_finished', linkId: link.id, customerLabel: 'Acme', reason: 'access_deniedscript' },
      }),
    ]);
    expect((await h.auditRows()).filter((e) => e.action === 'link.not_finished')).toHaveLength(1);
    expect(JSON.stringify(await h.auditRows())).not.toContain('User said no');
  });

  it('an `error` more than 30 minutes after Continue is ignored', async () => {
    h = await createHarness();
    const { c, link } = await relayed();
    await h.db.storage.links.markContinued(link.id, h.clock.now());
    h.clock.advance(31 * 60_000);
    await h.services.completion.relayArrived(c.id, new URLSearchParams({ error: 'access_denied' }), 'rq');
    expect(await replies('link.not_finished')).toEqual([]);
    expect((await h.db.storage.links.get(link.id))?.state).toBe('pending');
  });

  it('records only known parameter names, and at most one relay audit entry per link per minute', async () => {
    h = await createHarness();
    const { c } = await relayed();
    const hostile = `${'x.'.repeat(8192)}`;
    for (let i = 0; i < 60; i += 1) {
      await h.services.completion.relayArrived(c.id, new URLSearchParams({ [`${hostile}${i}`]: '1', code: 'c' }), 'r');
    }
    let arrived = (await h.auditRows()).filter((e) => e.action === 'relay.arrived');
    expect(arrived.map((e) => e.detail)).toEqual(['query parameters: code']);
    h.clock.advance(60_000);
    await h.services.completion.relayArrived(c.id, new URLSearchParams(), 'r');
    arrived = (await h.auditRows()).filter((e) => e.action === 'relay.arrived');
    expect(arrived).toHaveLength(2);
    expect(h.logs()).not.toContain('x.x.');
  });

  it('an arrival that matches no pending link is neither audited nor posted', async () => {
    h = await createHarness();
    const { c, link } = await relayed();
    expect((await h.services.links.revoke(h.actor(OPERATOR, CHANNEL), link.id)).ok).toBe(true);
    const before = (await h.auditRows()).length;
    const outboxBefore = (await h.outbox()).length;
    const out = await h.services.completion.relayArrived(c.id, new URLSearchParams({ error: 'x' }), 'rq');
    expect(out.matched).toBe(false);
    expect((await h.auditRows()).length).toBe(before);
    expect((await h.outbox()).length).toBe(outboxBefore);
  });

  it('an unknown connection gets no forward and no Celigo call', async () => {
    h = await createHarness();
    const out = await h.services.completion.relayArrived('cccccccccccccccccccccccc', new URLSearchParams(), 'rq');
    expect(out).toEqual({ forwardTo: null, status: 'unknown_connection', matched: false });
    expect(await h.services.completion.relayArrived('../etc/passwd', new URLSearchParams(), 'rq')).toEqual({
      forwardTo: null,
      status: 'unknown_connection',
      matched: false,
    });
    expect(h.celigo.calls.getConnection).toBe(0);
  });

  it('a stored landing page that is no longer allowed is not forwarded to', async () => {
    h = await createHarness({ REDIRECT_ALLOWED_HOSTS: 'other.example.org' });
    const { c } = await relayed({ landing: 'https://partner.example.com/thanks' });
    const out = await h.services.completion.relayArrived(c.id, new URLSearchParams(), 'rq');
    expect(out.forwardTo).toBeNull();
  });

  it('a Celigo failure during the check leaves the link pending for the poll', async () => {
    h = await createHarness();
    const { c, link } = await relayed();
    h.celigo.authorize(c.id);
    h.celigo.failNext('getConnection', celigoErrors.server());
    expect(await h.services.completion.relayArrived(c.id, new URLSearchParams(), 'rq')).toMatchObject({
      status: 'pending',
    });
    expect((await h.db.storage.links.get(link.id))?.state).toBe('pending');
    await h.services.completion.pollOnce();
    expect((await h.db.storage.links.get(link.id))?.state).toBe('completed');
  });
});

describe('a round over many links', () => {
  /** `count` pending links, each for its own connection. */
  async function pendingLinks(count: number): Promise<void> {
    const conns = Array.from({ length: count }, (_, i) => h.celigo.add({ name: `Bulk ${i}` }));
    const now = h.clock.now();
    await h.db.storage.transaction(async (tx) => {
      for (const [i, c] of conns.entries()) {
        await tx.links.insert(
          makeLink({
            id: `bulk_${i}`,
            teamId: TEAM,
            channelId: CHANNEL,
            connectionId: c.id,
            createdAt: now,
            expiresAt: new Date(now.getTime() + 3600_000),
          }),
        );
      }
    });
  }

  it('lets other work on the event loop run while it goes, and still checks every link', async () => {
    h = await createHarness();
    await pendingLinks(3000);
    // The round's storage calls finish without I/O: without turns it would hold the loop to the end, and
    // these turns (what a Slack request arriving meanwhile needs) would all come after it.
    let turnsDuringRound = 0;
    let running = true;
    const tick = () => {
      if (!running) return;
      turnsDuringRound += 1;
      setImmediate(tick);
    };
    setImmediate(tick);
    const round = await h.services.completion.pollOnce();
    running = false;
    expect(round).toMatchObject({ checkedLinks: 3000, completed: 0 });
    expect(turnsDuringRound).toBeGreaterThan(1);
  });

  it('steps aside while Slack work is waiting, then checks every link', async () => {
    h = await createHarness();
    await pendingLinks(3000);
    // Slack work is waiting for the first 20 looks; the round waits while it does, then finishes.
    let looks = 0;
    const services = createServices({ ...h.deps, foreground: () => ++looks <= 20 });
    const round = await services.completion.pollOnce();
    expect(looks).toBeGreaterThan(20);
    expect(round).toMatchObject({ checkedLinks: 3000, completed: 0 });
  });
});
