import { describe, expect, test } from 'vitest';
import { auditPageMessage } from '../../../src/blocks/audit-page.js';
import { connectionsListMessage } from '../../../src/blocks/connections-list.js';
import { helpMessage } from '../../../src/blocks/help.js';
import { ACTIONS, BLOCKS, VIEWS } from '../../../src/blocks/ids.js';
import { chooserModal, linkModal, redirectModal, statusModal } from '../../../src/blocks/modals.js';
import { redirectPreviewMessage } from '../../../src/blocks/redirect-preview.js';
import type { Action } from '../../../src/domain/access.js';
import type { AuditEntry } from '../../../src/domain/audit.js';

const META = JSON.stringify({ c: 'C1', k: 'key-12345678' });

describe('modals', () => {
  test('titles, buttons and metadata stay within Slack limits', () => {
    for (const v of [chooserModal(META), linkModal(META), redirectModal(META), statusModal(META)]) {
      expect(v.title.text.length).toBeLessThanOrEqual(24);
      if (v.submit) expect(v.submit.text.length).toBeLessThanOrEqual(24);
      expect(v.private_metadata).toBe(META);
      expect(v.blocks.length).toBeLessThanOrEqual(100);
      expect(JSON.stringify(v).length).toBeLessThan(250_000);
    }
  });

  test('the link modal has a typeahead connection picker, a label and an optional landing page', () => {
    const v = linkModal(META, { id: '0123456789abcdef01234567', name: 'Shopify <prod>' });
    expect(v.callback_id).toBe(VIEWS.link);
    const json = JSON.stringify(v);
    expect(json).toContain('"type":"external_select"');
    expect(json).toContain('"min_query_length":0');
    expect(json).toContain(`"block_id":"${BLOCKS.customerLabel}"`);
    expect(json).toContain('"type":"url_text_input"');
    expect(json).toContain('"initial_option"');
    expect(json).toContain('"value":"0123456789abcdef01234567"');
  });

  test('the redirect modal has a URL input and a dry-run checkbox', () => {
    const json = JSON.stringify(redirectModal(META));
    expect(json).toContain(`"block_id":"${BLOCKS.redirectUrl}"`);
    expect(json).toContain(`"action_id":"${ACTIONS.dryRun}"`);
  });
});

describe('help', () => {
  const all = new Set<Action>([
    'help',
    'list_connections',
    'generate_link',
    'view_status',
    'view_audit',
    'set_redirect',
  ]);

  test('says when everyone may do everything', () => {
    const m = helpMessage({ command: '/celigo', open: true, channelAllowed: true, allowed: all });
    expect(JSON.stringify(m.blocks)).toContain('everyone in this workspace may do everything');
  });

  test('lists what the caller may and may not do', () => {
    const m = helpMessage({
      command: '/celigo',
      open: false,
      channelAllowed: true,
      allowed: new Set<Action>(['help', 'list_connections', 'generate_link', 'view_status', 'view_audit']),
    });
    const json = JSON.stringify(m.blocks);
    expect(json).toContain('You may use');
    expect(json).toContain('Not available to you');
    expect(json.indexOf('redirect &lt;connection&gt;')).toBeGreaterThan(json.indexOf('Not available to you'));
  });
});

describe('lists and pages', () => {
  test('a long connection list stays within limits', () => {
    const items = Array.from({ length: 700 }, (_, i) => ({
      id: i.toString(16).padStart(24, '0'),
      name: `<b>Conn ${i}</b> ${'n'.repeat(150)}`,
      state: 'online' as const,
    }));
    const m = connectionsListMessage(items, '<!here>');
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(m.blocks);
    expect(json).not.toContain('<!here>');
    expect(json).not.toContain('<b>');
    for (const b of m.blocks) {
      const t = (b as { text?: { text: string } }).text?.text;
      if (t) expect(t.length).toBeLessThanOrEqual(3000);
    }
  });

  test('an audit page escapes values and offers Older when there is more', () => {
    const entry: AuditEntry = {
      seq: 7,
      at: '2030-01-01T00:00:00.000Z',
      teamId: 'T1',
      userId: 'U1',
      channelId: 'C1',
      action: 'redirect.set',
      connectionId: '0123456789abcdef01234567',
      before: '<!channel>',
      after: 'https://a.example/?a=1&b=2',
      result: 'ok',
      detail: '<https://evil|x>',
      requestId: 'r1',
      prevHash: '0',
      hash: '1',
      scheme: 'sha256',
    };
    const m = auditPageMessage([entry], { connectionRef: null, nextBeforeSeq: 7 });
    const json = JSON.stringify(m.blocks);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil');
    expect(json).toContain(`"action_id":"${ACTIONS.auditOlder}"`);
  });

  test('a redirect preview has Confirm and Cancel carrying only the change id; a dry run has none', () => {
    const base = {
      changeId: 'chg-abcdef',
      connection: { id: '0123456789abcdef01234567', name: 'Conn' },
      current: null,
      next: 'https://a.example/thanks',
      dryRun: false,
      request: null,
      alreadyAuthorized: false,
    };
    const json = JSON.stringify(redirectPreviewMessage(base).blocks);
    expect(json).toContain(`"action_id":"${ACTIONS.redirectConfirm}"`);
    expect(json).toContain(`"action_id":"${ACTIONS.redirectCancel}"`);
    expect(json.match(/"value":"([^"]*)"/g)).toEqual(['"value":"chg-abcdef"', '"value":"chg-abcdef"']);
    const dry = JSON.stringify(
      redirectPreviewMessage({ ...base, dryRun: true, request: 'PATCH /v1/connections/x' }).blocks,
    );
    expect(dry).not.toContain(ACTIONS.redirectConfirm);
    expect(dry).toContain('PATCH /v1/connections/x');
  });
});
