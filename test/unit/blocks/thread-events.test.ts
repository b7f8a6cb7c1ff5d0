import type { KnownBlock } from '@slack/types';
import { describe, expect, test } from 'vitest';
import { connectionCardMessage } from '../../../src/blocks/connection-card.js';
import { ACTIONS } from '../../../src/blocks/ids.js';
import { linkMessageEdit, threadEventMessage } from '../../../src/blocks/thread-events.js';
import type { ConnectionCard, ThreadEvent } from '../../../src/domain/notification.js';

const HOSTILE = '<!channel> & <https://evil.example|click me> <@U999>';
const LONG = 'L'.repeat(5000);

function allEvents(label: string): ThreadEvent[] {
  return [
    {
      type: 'redirect.changed',
      by: 'U1',
      before: 'https://a.example/x?a=1&b=2',
      after: HOSTILE,
      changeId: 'chg-123456',
      viaRelay: true,
    },
    { type: 'redirect.undone', by: 'U1', before: HOSTILE, after: null, changeId: 'chg-123456' },
    { type: 'relay.set', by: 'U1', before: null, landingUrl: HOSTILE },
    {
      type: 'link.created',
      linkId: 'l1',
      by: 'U1',
      customerLabel: label,
      expiresAt: '2030-01-01T00:00:00.000Z',
      url: 'https://bot.example/l/tok?x=1&y=2',
      hosted: true,
      completionDetectable: false,
    },
    { type: 'link.opened', linkId: 'l1', customerLabel: label },
    { type: 'link.completed', linkId: 'l1', requestedBy: 'U2', customerLabel: label },
    { type: 'link.failed', linkId: 'l1', requestedBy: 'U2', customerLabel: label, reason: HOSTILE },
    { type: 'link.expired', linkId: 'l1', requestedBy: 'U2', customerLabel: label },
    { type: 'link.replaced', linkId: 'l1', customerLabel: label, by: 'U3' },
    { type: 'link.dead_link_used', linkId: 'l1', customerLabel: label, state: 'expired' },
    { type: 'connection.offline', connectionName: label, lastRequester: 'U2' },
    { type: 'connection.online', connectionName: label },
    { type: 'link.revoked', linkId: 'l1', customerLabel: label, by: 'U3' },
    { type: 'link.not_finished', linkId: 'l1', customerLabel: label, reason: HOSTILE },
  ];
}

/** Every text object in a message, with where it sits. */
function texts(blocks: KnownBlock[]): Array<{ type: string; text: string }> {
  const out: Array<{ type: string; text: string }> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ((o['type'] === 'mrkdwn' || o['type'] === 'plain_text') && typeof o['text'] === 'string') {
        out.push({ type: String(o['type']), text: o['text'] });
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(blocks);
  return out;
}

function checkLimits(blocks: KnownBlock[]): void {
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const t of texts(blocks)) {
    expect(t.text.length).toBeGreaterThan(0);
    expect(t.text.length).toBeLessThanOrEqual(3000);
  }
  const json = JSON.stringify(blocks);
  for (const m of json.matchAll(/"(action_id|block_id)":"([^"]*)"/g)) expect(m[2]?.length).toBeLessThanOrEqual(255);
  for (const m of json.matchAll(/"value":"((?:[^"\\]|\\.)*)"/g)) expect(m[1]?.length).toBeLessThanOrEqual(2000);
}

/** A hostile string must never survive as live markup in mrkdwn or in the notification text. */
function checkNoInjection(text: string, blocks: KnownBlock[]): void {
  for (const t of [
    ...texts(blocks)
      .filter((x) => x.type === 'mrkdwn')
      .map((x) => x.text),
    text,
  ]) {
    expect(t).not.toContain('<!channel>');
    expect(t).not.toContain('<https://evil.example');
    expect(t).not.toContain('<@U999>');
  }
}

describe('every thread event', () => {
  for (const event of allEvents(HOSTILE)) {
    test(`${event.type} escapes hostile text and stays within Block Kit limits`, () => {
      const m = threadEventMessage(event, { connectionId: '0123456789abcdef01234567', connectionName: HOSTILE });
      checkLimits(m.blocks);
      checkNoInjection(m.text, m.blocks);
      expect(m.text.length).toBeGreaterThan(0);
    });
  }
  for (const event of allEvents(LONG)) {
    test(`${event.type} with a 5000-character label stays within limits`, () => {
      const m = threadEventMessage(event, { connectionId: '0123456789abcdef01234567', connectionName: LONG });
      checkLimits(m.blocks);
    });
  }
});

describe('link.created', () => {
  const created = allEvents('Acme & Co')[3] as Extract<ThreadEvent, { type: 'link.created' }>;

  test('puts the link in a button url and a copyable fallback, not in the notification text', () => {
    const m = threadEventMessage(created, { connectionId: 'c1' });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('"url":"https://bot.example/l/tok?x=1&y=2"');
    expect(json).toContain('https://bot.example/l/tok?x=1&amp;y=2');
    expect(m.text).not.toContain('https://');
    expect(m.text).toContain('Acme &amp; Co');
  });

  test('a URL longer than a button allows is still given in full, in pieces', () => {
    const url = `https://celigo.example/authorize?${'q'.repeat(4000)}`;
    const m = threadEventMessage({ ...created, url }, { connectionId: 'c1' });
    checkLimits(m.blocks);
    expect(JSON.stringify(m.blocks)).not.toContain('"url":');
    const joined = texts(m.blocks)
      .map((t) => t.text.replace(/`/g, ''))
      .join('');
    expect(joined).toContain(url.slice(0, 100));
    expect(joined.replace(/\s/g, '')).toContain(url.slice(-100));
  });
});

describe('mentions and buttons', () => {
  test('a provider error is told as "did not finish", says the link still works, and mentions nobody', () => {
    const m = threadEventMessage(
      { type: 'link.not_finished', linkId: 'l1', customerLabel: 'the customer', reason: 'access_denied' },
      { connectionId: 'c' },
    );
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('the customer did not finish (provider said: access_denied)');
    expect(text).toContain('still works');
    expect(text).not.toContain('<@');
  });

  test('completion and failure mention the requester', () => {
    const [, , , , , completed, failed] = allEvents('Acme');
    expect(JSON.stringify(threadEventMessage(completed!, { connectionId: 'c' }).blocks)).toContain('<@U2>');
    expect(JSON.stringify(threadEventMessage(failed!, { connectionId: 'c' }).blocks)).toContain('<@U2>');
  });

  test('redirect.changed carries an Undo button with only the change id', () => {
    const m = threadEventMessage(allEvents('x')[0]!, { connectionId: 'c' });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain(`"action_id":"${ACTIONS.redirectUndo}"`);
    expect(json).toContain('"value":"chg-123456"');
  });

  test('connection.offline carries a Re-authorize button', () => {
    const m = threadEventMessage(allEvents('Conn')[10]!, { connectionId: '0123456789abcdef01234567' });
    expect(JSON.stringify(m.blocks)).toContain(`"action_id":"${ACTIONS.reauthorize}"`);
  });

  test('link.created offers Revoke (with a confirmation) carrying only the link id; a revoked link reads so', () => {
    const created = allEvents('Acme').find((e) => e.type === 'link.created')!;
    const blocks = JSON.stringify(threadEventMessage(created, { connectionId: '0123456789abcdef01234567' }).blocks);
    expect(blocks).toContain(`"action_id":"${ACTIONS.revokeLink}"`);
    expect(blocks).toMatch(/"confirm":\{"title"/);
    const revoked = allEvents(HOSTILE).find((e) => e.type === 'link.revoked')!;
    const edit = linkMessageEdit(revoked);
    checkNoInjection(edit!.text, edit!.blocks);
    expect(edit!.text).toContain('no longer usable');
    expect(threadEventMessage(revoked, { connectionId: '0123456789abcdef01234567' }).text).toContain('revoked');
  });

  test('a closed link message is edited to say it is no longer usable', () => {
    const m = linkMessageEdit(allEvents(HOSTILE)[7]!);
    expect(m).toBeDefined();
    checkNoInjection(m!.text, m!.blocks);
    expect(m!.text).toContain('no longer usable');
    expect(linkMessageEdit(allEvents('x')[0]!)).toBeUndefined();
  });
});

describe('connection card', () => {
  const card: ConnectionCard = {
    connectionId: '0123456789abcdef01234567',
    connectionName: HOSTILE,
    state: 'offline',
    landingUrl: 'https://a.example/?a=1&b=<2>',
    relayActive: true,
    pendingLink: { customerLabel: HOSTILE, requestedBy: 'U1', expiresAt: '2030-01-01T00:00:00.000Z' },
    lastEvent: HOSTILE,
    updatedAt: '2029-12-31T00:00:00.000Z',
  };

  test('shows name, id, state, landing page, relay and the pending link, escaped', () => {
    const m = connectionCardMessage(card);
    checkLimits(m.blocks);
    checkNoInjection(m.text, m.blocks);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('0123456789abcdef01234567');
    expect(json).toContain('offline');
    expect(json).toContain('<@U1>');
    expect(json).toContain('Return relay');
    expect(m.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text' } });
  });

  test('a huge name still fits the header limit', () => {
    const m = connectionCardMessage({ ...card, connectionName: LONG, pendingLink: null });
    checkLimits(m.blocks);
    expect((m.blocks[0] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(150);
  });
});
