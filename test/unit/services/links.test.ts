import { afterEach, describe, expect, it } from 'vitest';
import { linkMessageRef } from '../../../src/domain/notification.js';
import { relayUrl } from '../../../src/domain/public-urls.js';
import { hashToken } from '../../../src/services/common/ids.js';
import { celigoErrors } from '../../support/memory-celigo.js';
import { ADMIN, CHANNEL, createHarness, type Harness, OPERATOR, PUBLIC_URL, TEAM } from './harness.js';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const HOUR = 3_600_000;

describe('links.generate with PUBLIC_URL (hosted links and the return relay)', () => {
  describe('issuing a hosted link', () => {
    const issue = async () => {
      h = await createHarness();
      const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: 'https://partner.example.com/done' });
      const r = await h.services.links.generate(h.actor(OPERATOR), {
        connectionRef: 'acme crm',
        customerLabel: '  Acme\u0007 Corp  ',
        idempotencyKey: 'view-1',
      });
      if (!r.ok) throw new Error(`generate refused: ${r.code}`);
      return { c, issued: r.value, link: r.value.link };
    };

    it('returns a pending hosted link for the cleaned label, expiring after LINK_TTL', async () => {
      const { c, issued, link } = await issue();
      expect(issued).toMatchObject({
        hosted: true,
        duplicate: false,
        superseded: [],
        completionDetectable: true,
        channelId: CHANNEL,
      });
      expect(link).toMatchObject({
        state: 'pending',
        customerLabel: 'Acme Corp',
        requestedBy: OPERATOR,
        teamId: TEAM,
        offlineAtIssue: true,
      });
      expect(link.expiresAt.getTime() - link.createdAt.getTime()).toBe(HOUR);
      // lastModified is recorded after our own relay change, so that change is not mistaken for completion.
      expect(link.lastModifiedAtIssue).toBe(h.celigo.get(c.id).lastModified);
    });

    it('stores the link token only as a hash, and never the authorization URL', async () => {
      const { link } = await issue();
      expect(link.tokenHash).toBe(hashToken('token-0001-abcdefghijklmnopqrstuvwxyz0123456789'));
      // One authorization URL was fetched as a check and thrown away (Q-authorization-url-lifetime).
      expect(h.celigo.calls.getAuthorizationUrl).toBe(1);
      const raw = JSON.stringify(await h.auditRows()) + h.logs();
      expect(raw).not.toContain('token-0001');
      expect(raw).not.toContain('secret-state');
    });

    it('points Celigo at the relay, keeping the old redirect as the landing page', async () => {
      const { c } = await issue();
      expect(h.celigo.get(c.id).redirectUrl).toBe(relayUrl(PUBLIC_URL, c.id));
      expect(await h.db.storage.settings.get(c.id)).toMatchObject({
        landingUrl: 'https://partner.example.com/done',
        relayActive: true,
      });
    });

    it('tells the connection thread: relay set, then the link', async () => {
      const { c, link } = await issue();
      const out = await h.outbox();
      const thread = { teamId: TEAM, channelId: CHANNEL, connectionId: c.id };
      expect(out).toContainEqual({
        kind: 'reply',
        thread,
        event: {
          type: 'relay.set',
          by: OPERATOR,
          before: 'https://partner.example.com/done',
          landingUrl: 'https://partner.example.com/done',
        },
      });
      expect(out).toContainEqual({
        kind: 'reply',
        thread,
        ref: linkMessageRef(link.id),
        event: {
          type: 'link.created',
          linkId: link.id,
          by: OPERATOR,
          customerLabel: 'Acme Corp',
          expiresAt: link.expiresAt.toISOString(),
          url: `${PUBLIC_URL}/l/token-0001-abcdefghijklmnopqrstuvwxyz0123456789`,
          hosted: true,
          completionDetectable: true,
        },
      });
    });

    it('refreshes the connection card with the pending link', async () => {
      await issue();
      const cards = (await h.outbox()).filter((m) => m.kind === 'card');
      expect(cards.at(-1)).toMatchObject({
        kind: 'card',
        card: {
          connectionName: 'Acme CRM',
          state: 'offline',
          landingUrl: 'https://partner.example.com/done',
          relayActive: true,
          pendingLink: { customerLabel: 'Acme Corp', requestedBy: OPERATOR },
        },
      });
    });

    it('audits the relay change, then the link', async () => {
      await issue();
      const actions = (await h.auditRows()).map((e) => [e.action, e.result]);
      expect(actions).toEqual([
        ['relay.set', 'ok'],
        ['link.generate', 'ok'],
      ]);
    });

    it('starts watching the connection', async () => {
      const { c } = await issue();
      expect((await h.db.storage.watches.list()).map((w) => w.connectionId)).toEqual([c.id]);
    });
  });

  it('does not touch Celigo’s redirect when it already points at the relay', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    h.celigo.connections.set(c.id, { ...c, redirectUrl: relayUrl(PUBLIC_URL, c.id) });
    await h.db.storage.settings.save({
      connectionId: c.id,
      landingUrl: 'https://partner.example.com/x',
      relayActive: true,
      updatedBy: null,
      updatedAt: h.clock.now(),
    });
    const r = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      idempotencyKey: 'k',
    });
    expect(r.ok).toBe(true);
    expect(h.celigo.calls.setRedirectUrl).toBe(0);
    expect((await h.auditRows()).map((e) => e.action)).toEqual(['link.generate']);
  });

  it('an admin may choose a new landing page with the link; it is stored, Celigo gets the relay', async () => {
    h = await createHarness({ REDIRECT_ALLOWED_HOSTS: '*.example.com' });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: 'https://old.example.com/' });
    const r = await h.services.links.generate(h.actor(ADMIN), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      landingUrl: 'https://new.example.com/thanks',
      idempotencyKey: 'k',
    });
    expect(r.ok).toBe(true);
    expect(h.celigo.redirectWrites).toEqual([{ id: c.id, url: relayUrl(PUBLIC_URL, c.id) }]);
    expect((await h.db.storage.settings.get(c.id))?.landingUrl).toBe('https://new.example.com/thanks');
    const relay = (await h.auditRows()).find((e) => e.action === 'relay.set');
    expect(relay).toMatchObject({ before: 'https://old.example.com/', after: relayUrl(PUBLIC_URL, c.id) });
  });

  it('with the relay already in place a new landing page is only stored (no Celigo write) and can be undone', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    h.celigo.connections.set(c.id, { ...c, redirectUrl: relayUrl(PUBLIC_URL, c.id) });
    const r = await h.services.links.generate(h.actor(ADMIN), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      landingUrl: 'https://partner.example.com/new',
      idempotencyKey: 'k',
    });
    expect(r.ok).toBe(true);
    expect(h.celigo.calls.setRedirectUrl).toBe(0);
    expect(await h.db.storage.settings.get(c.id)).toMatchObject({
      landingUrl: 'https://partner.example.com/new',
      relayActive: true,
    });
    const changed = (await h.outbox()).find((m) => m.kind === 'reply' && m.event.type === 'redirect.changed');
    if (changed?.kind !== 'reply' || changed.event.type !== 'redirect.changed') throw new Error('no redirect.changed');
    expect(changed.event).toMatchObject({ before: null, after: 'https://partner.example.com/new', viaRelay: true });
    expect(await h.services.redirects.undo(h.actor(ADMIN), changed.event.changeId)).toEqual({
      ok: true,
      value: { restored: null },
    });
    expect(h.celigo.calls.setRedirectUrl).toBe(0);
    expect(await h.db.storage.settings.get(c.id)).toMatchObject({ landingUrl: null, relayActive: true });
  });

  it('a new link replaces the pending one: the old one is superseded, its message edited, the thread told', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    const first = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      idempotencyKey: 'a',
    });
    h.clock.advance(60_000);
    const second = await h.services.links.generate(h.actor(ADMIN), {
      connectionRef: c.id,
      customerLabel: 'Acme again',
      idempotencyKey: 'b',
    });
    if (!first.ok || !second.ok) throw new Error('expected both to succeed');
    expect(second.value.superseded).toEqual([first.value.link.id]);
    expect(await h.db.storage.links.get(first.value.link.id)).toMatchObject({
      state: 'superseded',
      closedReason: 'replaced by a newer link',
    });
    expect((await h.db.storage.links.listOpen()).map((l) => l.id)).toEqual([second.value.link.id]);
    const out = await h.outbox();
    const replaced = { type: 'link.replaced', linkId: first.value.link.id, customerLabel: 'Acme', by: ADMIN };
    const thread = { teamId: TEAM, channelId: CHANNEL, connectionId: c.id };
    expect(out).toContainEqual({ kind: 'edit', thread, ref: linkMessageRef(first.value.link.id), event: replaced });
    expect(out).toContainEqual({ kind: 'reply', thread, event: replaced });
    const superseded = (await h.auditRows()).filter((e) => e.action === 'link.superseded');
    expect(superseded).toEqual([expect.objectContaining({ before: first.value.link.id, after: second.value.link.id })]);
  });

  it('a double submit with the same idempotency key creates one link and returns it as a duplicate', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    const input = { connectionRef: c.id, customerLabel: 'Acme', idempotencyKey: 'view-42' };
    const [a, b] = await Promise.all([
      h.services.links.generate(h.actor(OPERATOR), input),
      h.services.links.generate(h.actor(OPERATOR), input),
    ]);
    // The key is claimed before any work: the second answer is the first's link, or (while the first is
    // still at work) "already being handled" — never a second link.
    const [first, second] = a.ok && !a.value.duplicate ? [a, b] : [b, a];
    if (!first.ok) throw new Error('expected one submission to succeed');
    if (second.ok) expect(second.value).toMatchObject({ duplicate: true, link: { id: first.value.link.id } });
    else expect(second.code).toBe('link_in_progress');
    const again = await h.services.links.generate(h.actor(OPERATOR), input);
    expect(again).toMatchObject({ ok: true, value: { duplicate: true, link: { id: first.value.link.id } } });
    expect(await h.db.storage.links.listByConnection(TEAM, c.id, 10)).toHaveLength(1);
    expect((await h.auditRows()).filter((e) => e.action === 'link.generate')).toHaveLength(1);
    expect((await h.outbox()).filter((m) => m.kind === 'reply' && m.event.type === 'link.created')).toHaveLength(1);
  });

  it('a connection already online at issue is flagged: completion cannot be detected from offline (Q-offline-signal)', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM', offline: false });
    const r = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      idempotencyKey: 'k',
    });
    expect(r).toMatchObject({ ok: true, value: { completionDetectable: false, link: { offlineAtIssue: false } } });
    const created = (await h.outbox()).find((m) => m.kind === 'reply' && m.event.type === 'link.created');
    expect(created).toMatchObject({ event: { completionDetectable: false } });
  });
});

describe('links.generate without PUBLIC_URL', () => {
  it('posts Celigo’s authorization URL itself and stores no token', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: 'https://partner.example.com/done' });
    const r = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      idempotencyKey: 'k',
    });
    expect(r).toMatchObject({ ok: true, value: { hosted: false, link: { tokenHash: null } } });
    expect(h.celigo.calls.setRedirectUrl).toBe(0);
    const created = (await h.outbox()).find((m) => m.kind === 'reply' && m.event.type === 'link.created');
    expect(created).toMatchObject({ event: { url: h.celigo.issuedUrls[0], hosted: false } });
    // The URL lives only in the outbox: not in the audit log, not in the logs.
    const raw = JSON.stringify(await h.auditRows()) + h.logs();
    expect(raw).not.toContain('secret-state');
  });

  it('a chosen landing page is set in Celigo directly, audited as redirect.set, and can be undone', async () => {
    h = await createHarness({ PUBLIC_URL: undefined });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: 'https://old.example.com/' });
    const r = await h.services.links.generate(h.actor(ADMIN), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      landingUrl: 'https://new.example.com/',
      idempotencyKey: 'k',
    });
    expect(r.ok).toBe(true);
    expect(h.celigo.get(c.id).redirectUrl).toBe('https://new.example.com/');
    const set = (await h.auditRows()).find((e) => e.action === 'redirect.set');
    expect(set).toMatchObject({ before: 'https://old.example.com/', after: 'https://new.example.com/', result: 'ok' });
    const changed = (await h.outbox()).find((m) => m.kind === 'reply' && m.event.type === 'redirect.changed');
    if (changed?.kind !== 'reply' || changed.event.type !== 'redirect.changed') throw new Error('no redirect.changed');
    const undo = await h.services.redirects.undo(h.actor(ADMIN), changed.event.changeId);
    expect(undo).toEqual({ ok: true, value: { restored: 'https://old.example.com/' } });
    expect(h.celigo.get(c.id).redirectUrl).toBe('https://old.example.com/');
  });
});

describe('links.generate refusals and failures', () => {
  const cases: {
    name: string;
    env?: Record<string, string>;
    input: (id: string) => { connectionRef: string; customerLabel: string; landingUrl?: string };
    channel?: null;
    code: string;
  }[] = [
    {
      name: 'an empty customer label',
      input: (id) => ({ connectionRef: id, customerLabel: ' \n\t ' }),
      code: 'label_invalid',
    },
    {
      name: 'a customer label over 80 characters',
      input: (id) => ({ connectionRef: id, customerLabel: 'x'.repeat(81) }),
      code: 'label_invalid',
    },
    {
      name: 'no channel',
      input: (id) => ({ connectionRef: id, customerLabel: 'Acme' }),
      channel: null,
      code: 'no_channel',
    },
    {
      name: 'a landing page on a host that is not allowed',
      env: { REDIRECT_ALLOWED_HOSTS: 'partner.example.com' },
      input: (id) => ({ connectionRef: id, customerLabel: 'Acme', landingUrl: 'https://evil.example.net/' }),
      code: 'redirect_not_allowed',
    },
    {
      name: 'a plain-http landing page',
      input: (id) => ({ connectionRef: id, customerLabel: 'Acme', landingUrl: 'http://partner.example.com/' }),
      code: 'redirect_not_allowed',
    },
    {
      name: 'an unknown connection name',
      input: () => ({ connectionRef: 'Nope', customerLabel: 'Acme' }),
      code: 'connection_not_found',
    },
    {
      name: 'an unknown connection id',
      input: () => ({ connectionRef: 'bbbbbbbbbbbbbbbbbbbbbbbb', customerLabel: 'Acme' }),
      code: 'connection_not_found',
    },
    {
      name: 'an ambiguous name',
      input: () => ({ connectionRef: 'Twin', customerLabel: 'Acme' }),
      code: 'connection_ambiguous',
    },
    {
      name: 'a client-credentials connection',
      input: () => ({ connectionRef: 'Machine', customerLabel: 'Acme' }),
      code: 'not_oauth',
    },
  ];
  for (const c of cases) {
    it(`${c.name} is answered with ${c.code}, audited as refused, and changes nothing`, async () => {
      h = await createHarness(c.env);
      const conn = h.celigo.add({ name: 'Acme CRM' });
      h.celigo.add({ name: 'Twin' });
      h.celigo.add({ name: 'twin' });
      h.celigo.add({ name: 'Machine', grantType: 'clientcredentials' });
      const r = await h.services.links.generate(h.actor(ADMIN, c.channel === null ? null : CHANNEL), {
        ...c.input(conn.id),
        idempotencyKey: 'k',
      });
      expect(r).toMatchObject({ ok: false, code: c.code });
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
      expect((await h.auditRows()).map((e) => `${e.action} ${e.result} ${e.detail}`)).toEqual([
        `link.generate refused ${c.code}`,
      ]);
      expect(await h.outbox()).toEqual([]);
      expect(await h.db.storage.links.listOpen()).toEqual([]);
      expect(h.celigo.calls.setRedirectUrl).toBe(0);
    });
  }

  it('the ambiguous answer lists the matching ids', async () => {
    h = await createHarness();
    const a = h.celigo.add({ name: 'Twin' });
    const b = h.celigo.add({ name: 'TWIN' });
    const r = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: 'twin',
      customerLabel: 'A',
      idempotencyKey: 'k',
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`${a.id}, ${b.id}`);
  });

  const failures = [
    { error: celigoErrors.auth, code: 'celigo_auth' },
    { error: celigoErrors.server, code: 'celigo_unavailable' },
    { error: celigoErrors.timeout, code: 'celigo_unavailable' },
    { error: celigoErrors.validation, code: 'celigo_rejected' },
  ] as const;
  for (const f of failures) {
    it(`a Celigo ${f.error().kind} error while fetching the authorization URL is ${f.code}, audited, nothing issued`, async () => {
      h = await createHarness({ PUBLIC_URL: undefined });
      const c = h.celigo.add({ name: 'Acme CRM' });
      h.celigo.failNext('getAuthorizationUrl', f.error());
      const r = await h.services.links.generate(h.actor(OPERATOR), {
        connectionRef: c.id,
        customerLabel: 'Acme',
        idempotencyKey: 'k',
      });
      expect(r).toMatchObject({ ok: false, code: f.code });
      expect(await h.auditRows()).toEqual([
        expect.objectContaining({
          action: 'link.generate',
          result: 'failed',
          connectionId: c.id,
          detail: f.error().kind,
        }),
      ]);
      expect(await h.outbox()).toEqual([]);
      // The idempotency key was not used up: the same submission works once Celigo is back.
      const again = await h.services.links.generate(h.actor(OPERATOR), {
        connectionRef: c.id,
        customerLabel: 'Acme',
        idempotencyKey: 'k',
      });
      expect(again).toMatchObject({ ok: true, value: { duplicate: false } });
    });
  }

  it('a Celigo failure while listing connections for a name is audited as a failure', async () => {
    h = await createHarness();
    h.celigo.failNext('listConnections', celigoErrors.rateLimited());
    const r = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: 'Acme',
      customerLabel: 'A',
      idempotencyKey: 'k',
    });
    expect(r).toMatchObject({ ok: false, code: 'celigo_unavailable' });
    expect(await h.auditRows()).toEqual([expect.objectContaining({ action: 'link.generate', result: 'failed' })]);
  });

  it('a Celigo refusal to set the relay is celigo_rejected with Celigo’s safe message, audited as relay.set failed', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    h.celigo.failNext('setRedirectUrl', celigoErrors.validation());
    const r = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      idempotencyKey: 'k',
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'celigo_rejected',
      message: expect.stringContaining('oauth2RedirectUrl is not valid'),
    });
    expect(await h.auditRows()).toEqual([expect.objectContaining({ action: 'relay.set', result: 'failed' })]);
    expect(await h.db.storage.links.listOpen()).toEqual([]);
  });
});

describe('links.revoke', () => {
  it('revokes a pending link once; a second revoke is link_closed; another team cannot see it', async () => {
    h = await createHarness();
    const c = h.celigo.add({ name: 'Acme CRM' });
    const r = await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme',
      idempotencyKey: 'k',
    });
    if (!r.ok) throw new Error('expected a link');
    const id = r.value.link.id;
    expect(await h.services.links.revoke({ ...h.actor(OPERATOR), teamId: 'TOTHER' }, id)).toMatchObject({
      ok: false,
      code: 'link_not_found',
    });
    expect(await h.services.links.revoke(h.actor(OPERATOR), id)).toMatchObject({
      ok: true,
      value: { state: 'revoked' },
    });
    expect(await h.services.links.revoke(h.actor(OPERATOR), id)).toMatchObject({ ok: false, code: 'link_closed' });
    // The other team's attempt is recorded under its own team, without this team's connection.
    expect((await h.auditRows()).filter((e) => e.action === 'link.revoked')).toEqual([
      expect.objectContaining({ teamId: 'TOTHER', connectionId: null, detail: `link ${id}: link_not_found` }),
      expect.objectContaining({ userId: OPERATOR, result: 'ok' }),
      expect.objectContaining({ userId: OPERATOR, result: 'refused', detail: `link ${id}: link_closed` }),
    ]);
  });
});

describe('audit channel mirror', () => {
  it('with AUDIT_CHANNEL_ID each entry is mirrored as one escaped line without URLs', async () => {
    h = await createHarness({ AUDIT_CHANNEL_ID: 'CAUDIT' });
    const c = h.celigo.add({ name: 'Acme CRM', redirectUrl: 'https://partner.example.com/done' });
    await h.services.links.generate(h.actor(OPERATOR), {
      connectionRef: c.id,
      customerLabel: 'Acme <&> Co',
      idempotencyKey: 'k',
    });
    const lines = (await h.outbox()).filter((m) => m.kind === 'channel_line');
    expect(lines).toHaveLength((await h.auditRows()).length);
    for (const l of lines) {
      if (l.kind !== 'channel_line') continue;
      expect(l.channelId).toBe('CAUDIT');
      expect(l.text).not.toMatch(/https?:\/\//);
      expect(l.text).not.toContain('\n');
    }
    expect(lines.map((l) => (l.kind === 'channel_line' ? l.text : '')).join(' ')).toContain('Acme &lt;&amp;&gt; Co');
  });
});
