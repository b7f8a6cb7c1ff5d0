import { afterEach, describe, expect, it } from 'vitest';
import { linkMessageRef } from '../../../src/domain/notification.js';
import { celigoErrors } from '../../support/memory-celigo.js';
import { CHANNEL, createHarness, type Harness, OPERATOR, TEAM } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const TOKEN1 = 'token-0001-abcdefghijklmnopqrstuvwxyz0123456789';
const TOKEN2 = 'token-0002-abcdefghijklmnopqrstuvwxyz0123456789';

async function issue(label = 'Acme', key = 'k1') {
  const c = [...h.celigo.connections.values()][0] ?? h.celigo.add({ name: 'Acme CRM' });
  const r = await h.services.links.generate(h.actor(OPERATOR), {
    connectionRef: c.id,
    customerLabel: label,
    idempotencyKey: key,
  });
  if (!r.ok) throw new Error(r.message);
  return { c, link: r.value.link };
}

describe('customer link page (view)', () => {
  it('shows an active link without changing anything or calling Celigo', async () => {
    h = await createHarness();
    const { link } = await issue();
    const before = {
      audit: (await h.auditRows()).length,
      outbox: (await h.outbox()).length,
      celigo: { ...h.celigo.calls },
    };
    const page = await h.services.customerLinks.view(TOKEN1);
    expect(page).toEqual({
      kind: 'active',
      connectionName: 'Acme CRM',
      customerLabel: 'Acme',
      partnerName: null,
      expiresAt: link.expiresAt,
    });
    expect((await h.auditRows()).length).toBe(before.audit);
    expect((await h.outbox()).length).toBe(before.outbox);
    expect(h.celigo.calls).toEqual(before.celigo);
    expect((await h.db.storage.links.get(link.id))?.openedAt).toBeNull();
  });

  it('an unknown or absurd token is not_found', async () => {
    h = await createHarness();
    expect(await h.services.customerLinks.view('nope')).toEqual({ kind: 'not_found' });
    expect(await h.services.customerLinks.view('x'.repeat(5000))).toEqual({ kind: 'not_found' });
    expect(await h.services.customerLinks.continue('', 'r1')).toEqual({ page: { kind: 'not_found' } });
  });

  it('a pending link past its expiry is expired on the spot, announced once, and shown as expired', async () => {
    h = await createHarness();
    const { link, c } = await issue();
    h.clock.advance(60 * 60_000);
    expect(await h.services.customerLinks.view(TOKEN1)).toEqual({ kind: 'expired', customerLabel: 'Acme' });
    expect(await h.services.customerLinks.view(TOKEN1)).toEqual({ kind: 'expired', customerLabel: 'Acme' });
    expect((await h.db.storage.links.get(link.id))?.state).toBe('expired');
    const out = await h.outbox();
    const expired = { type: 'link.expired', linkId: link.id, requestedBy: OPERATOR, customerLabel: 'Acme' };
    const thread = { teamId: TEAM, channelId: CHANNEL, connectionId: c.id };
    expect(out.filter((m) => m.kind === 'reply' && m.event.type === 'link.expired')).toEqual([
      { kind: 'reply', thread, event: expired },
    ]);
    expect(out).toContainEqual({ kind: 'edit', thread, ref: linkMessageRef(link.id), event: expired });
    expect(out.filter((m) => m.kind === 'card').at(-1)).toMatchObject({ card: { pendingLink: null } });
    expect((await h.auditRows()).filter((e) => e.action === 'link.expired')).toHaveLength(1);
  });

  it('a replaced link shows a clear page and the thread is told someone tried it, at most once an hour', async () => {
    h = await createHarness();
    const { link } = await issue('Acme', 'a');
    await issue('Acme', 'b');
    expect(await h.services.customerLinks.view(TOKEN1)).toEqual({ kind: 'superseded', customerLabel: 'Acme' });
    expect(await h.services.customerLinks.continue(TOKEN1, 'r1')).toEqual({
      page: { kind: 'superseded', customerLabel: 'Acme' },
    });
    const dead = () =>
      h.outbox().then((o) => o.filter((m) => m.kind === 'reply' && m.event.type === 'link.dead_link_used'));
    expect(await dead()).toEqual([
      {
        kind: 'reply',
        thread: { teamId: TEAM, channelId: CHANNEL, connectionId: link.connectionId },
        event: { type: 'link.dead_link_used', linkId: link.id, customerLabel: 'Acme', state: 'superseded' },
      },
    ]);
    h.clock.advance(61 * 60_000);
    await h.services.customerLinks.view(TOKEN1);
    expect(await dead()).toHaveLength(2);
    expect((await h.auditRows()).filter((e) => e.action === 'link.dead_link_used')).toHaveLength(2);
    // No redirect to Celigo for a dead link.
    expect(h.celigo.calls.getAuthorizationUrl).toBe(2);
  });

  it('a revoked link shows the revoked page', async () => {
    h = await createHarness();
    const { link } = await issue();
    await h.services.links.revoke(h.actor(OPERATOR), link.id);
    expect(await h.services.customerLinks.view(TOKEN1)).toEqual({ kind: 'revoked', customerLabel: 'Acme' });
  });
});

describe('customer link Continue', () => {
  it('redirects to a fresh Celigo URL every time; the first use is announced as opened, once', async () => {
    h = await createHarness();
    const { link } = await issue();
    const first = await h.services.customerLinks.continue(TOKEN1, 'req-a');
    // Every press is remembered: the relay's error hint counts only shortly after one.
    expect(await h.db.storage.links.lastContinuedAt(link.id)).toEqual(h.clock.now());
    const second = await h.services.customerLinks.continue(TOKEN1, 'req-b');
    expect(first).toEqual({ redirectTo: h.celigo.issuedUrls[1] });
    expect(second).toEqual({ redirectTo: h.celigo.issuedUrls[2] });
    expect(h.celigo.issuedUrls[1]).not.toBe(h.celigo.issuedUrls[2]);
    expect((await h.db.storage.links.get(link.id))?.openedAt).toEqual(h.clock.now());
    const opened = (await h.outbox()).filter((m) => m.kind === 'reply' && m.event.type === 'link.opened');
    expect(opened).toEqual([
      {
        kind: 'reply',
        thread: { teamId: TEAM, channelId: CHANNEL, connectionId: link.connectionId },
        event: { type: 'link.opened', linkId: link.id, customerLabel: 'Acme' },
      },
    ]);
    const rows = await h.auditRows();
    expect(rows.filter((e) => e.action === 'link.opened')).toEqual([expect.objectContaining({ requestId: 'req-a' })]);
    expect(rows.filter((e) => e.action === 'link.continue').map((e) => e.requestId)).toEqual(['req-a', 'req-b']);
    // The authorization URL is never stored or logged.
    const raw = JSON.stringify(rows) + JSON.stringify(await h.db.storage.links.get(link.id)) + h.logs();
    expect(raw).not.toContain('secret-state');
  });

  it('when Celigo cannot give a URL the customer gets an "unavailable" page and the failure is audited', async () => {
    h = await createHarness();
    await issue();
    h.celigo.failNext('getAuthorizationUrl', celigoErrors.server());
    expect(await h.services.customerLinks.continue(TOKEN1, 'r1')).toEqual({
      page: { kind: 'unavailable', customerLabel: 'Acme' },
    });
    expect((await h.auditRows()).filter((e) => e.action === 'link.continue')).toEqual([
      expect.objectContaining({ result: 'failed', detail: 'Acme: celigo_unavailable' }),
    ]);
    expect(await h.services.customerLinks.continue(TOKEN1, 'r2')).toHaveProperty('redirectTo');
  });

  it('a completed link shows the completed page and never redirects', async () => {
    h = await createHarness();
    const { c } = await issue();
    h.celigo.authorize(c.id);
    await h.services.completion.pollOnce();
    const calls = h.celigo.calls.getAuthorizationUrl;
    expect(await h.services.customerLinks.continue(TOKEN1, 'r')).toEqual({
      page: { kind: 'completed', customerLabel: 'Acme' },
    });
    expect(h.celigo.calls.getAuthorizationUrl).toBe(calls);
    expect(await h.services.customerLinks.view(TOKEN2)).toEqual({ kind: 'not_found' });
  });
});
