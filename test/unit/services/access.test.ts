import { afterEach, describe, expect, it } from 'vitest';
import type { Action } from '../../../src/domain/access.js';
import { ADMIN, CHANNEL, createHarness, GROUP_MEMBER, type Harness, OPERATOR, STRANGER } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const ACTIONS: Action[] = ['help', 'list_connections', 'generate_link', 'view_status', 'view_audit', 'set_redirect'];
const OPERATOR_ACTIONS: Action[] = ['help', 'list_connections', 'generate_link', 'view_status', 'view_audit'];

const MATRIX: { who: string; user: string; allowed: Action[] }[] = [
  { who: 'an admin', user: ADMIN, allowed: ACTIONS },
  { who: 'an operator', user: OPERATOR, allowed: OPERATOR_ACTIONS },
  { who: 'a member of an operator user group', user: GROUP_MEMBER, allowed: OPERATOR_ACTIONS },
  { who: 'someone not listed', user: STRANGER, allowed: ['help'] },
];

describe('access', () => {
  for (const { who, user, allowed } of MATRIX) {
    for (const action of ACTIONS) {
      const expected = allowed.includes(action);
      it(`${who} ${expected ? 'may' : 'may not'} ${action}`, async () => {
        h = await createHarness();
        const result = await h.services.access.check(h.actor(user), action);
        expect(result.ok).toBe(expected);
        const denied = (await h.auditRows()).filter((e) => e.action === 'access.denied');
        if (expected) {
          expect(denied).toHaveLength(0);
        } else {
          expect(result).toMatchObject({ ok: false, code: 'not_allowed' });
          expect(denied).toEqual([
            expect.objectContaining({ userId: user, result: 'refused', detail: expect.stringContaining(action) }),
          ]);
        }
      });
    }
  }

  it('describe lists what the caller may do and whether the policy is open', async () => {
    h = await createHarness();
    const view = await h.services.access.describe(h.actor(GROUP_MEMBER));
    expect(view.open).toBe(false);
    expect(view.channelAllowed).toBe(true);
    expect([...view.roles]).toEqual(['operator']);
    expect([...view.allowed].sort()).toEqual([...OPERATOR_ACTIONS].sort());
  });

  it('a refusal tells the caller which role is needed and whom to ask', async () => {
    h = await createHarness();
    const result = await h.services.access.check(h.actor(OPERATOR), 'set_redirect', 'aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain('admin role');
    expect(result.message).toContain(`<@${ADMIN}>`);
    expect(result.message).toContain('CELIGO_BOT_ADMINS');
    const [row] = await h.auditRows();
    expect(row).toMatchObject({
      action: 'access.denied',
      connectionId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      channelId: CHANNEL,
    });
  });

  it('with no operators or admins configured everyone may do everything', async () => {
    h = await createHarness({ CELIGO_BOT_OPERATORS: undefined, CELIGO_BOT_ADMINS: undefined });
    const view = await h.services.access.describe(h.actor(STRANGER));
    expect(view.open).toBe(true);
    expect([...view.allowed].sort()).toEqual([...ACTIONS].sort());
    expect(h.directory.lookups).toBe(0);
  });

  it('a user-group lookup failure counts as not a member, is logged, and refuses', async () => {
    h = await createHarness();
    h.directory.failing = true;
    const result = await h.services.access.check(h.actor(GROUP_MEMBER), 'list_connections');
    expect(result).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(h.logs()).toContain('treating the user as not a member');
  });

  it('outside the allowed channels the command is refused with where it may be used', async () => {
    h = await createHarness({ CELIGO_BOT_CHANNELS: 'CALLOWED1,CALLOWED2' });
    const result = await h.services.access.check(h.actor(ADMIN, 'COTHER'), 'list_connections');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('not_allowed');
    expect(result.message).toContain('<#CALLOWED1>, <#CALLOWED2>');
    const inside = await h.services.access.check(h.actor(ADMIN, 'CALLOWED2'), 'list_connections');
    expect(inside.ok).toBe(true);
    const view = await h.services.access.describe(h.actor(ADMIN, 'COTHER'));
    expect([...view.allowed]).toEqual(['help']);
    const rows = await h.auditRows();
    expect(rows).toEqual([
      expect.objectContaining({ action: 'access.denied', detail: expect.stringContaining('channel') }),
    ]);
  });

  it('every use case checks access first: a stranger changes nothing and Celigo is not called', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    const who = h.actor(STRANGER);
    const results = [
      await h.services.connections.list(who, ''),
      await h.services.connections.search(who, 'a'),
      await h.services.connections.status(who, c.id),
      await h.services.links.generate(who, { connectionRef: c.id, customerLabel: 'Acme', idempotencyKey: 'k1' }),
      await h.services.links.revoke(who, 'id-0001'),
      await h.services.redirects.preview(who, c.id, 'https://example.com/thanks', false),
      await h.services.redirects.confirm(who, 'id-0001'),
      await h.services.redirects.cancel(who, 'id-0001'),
      await h.services.redirects.undo(who, 'id-0001'),
      await h.services.audit.latest(who, {}),
    ];
    for (const r of results) expect(r).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(Object.values(h.celigo.calls).reduce((a, b) => a + b, 0)).toBe(0);
    const rows = await h.auditRows();
    expect(rows).toHaveLength(results.length);
    expect(rows.every((r) => r.action === 'access.denied' && r.result === 'refused')).toBe(true);
    expect(await h.outbox()).toEqual([]);
  });

  it('an operator asking for a new landing page with a link is refused: that needs an admin', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    const result = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      landingUrl: 'https://example.com/thanks',
      idempotencyKey: 'k1',
    });
    expect(result).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(await h.db.storage.links.listOpen()).toEqual([]);
    expect(h.celigo.calls.setRedirectUrl).toBe(0);
  });
});
