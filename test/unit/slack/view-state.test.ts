import { describe, expect, test } from 'vitest';
import { ACTIONS, BLOCKS } from '../../../src/blocks/ids.js';
import {
  decodeAuditCursor,
  decodeMetadata,
  decodeReauthorizeValue,
  encodeMetadata,
  readLinkForm,
  readRedirectForm,
} from '../../../src/slack/parse/view-state.js';

describe('private_metadata', () => {
  test('round-trips a channel id and an idempotency key', () => {
    const raw = encodeMetadata({ channelId: 'C123', idempotencyKey: 'abcdef12-3456' });
    expect(decodeMetadata(raw)).toEqual({ channelId: 'C123', idempotencyKey: 'abcdef12-3456' });
  });

  test('anything else is rejected', () => {
    for (const raw of ['', 'not json', '{"c":"C1"}', '{"c":"<!channel>","k":"abcdefgh"}', '{"c":"C1","k":"short"}']) {
      expect(decodeMetadata(raw)).toBeNull();
    }
  });
});

describe('view state', () => {
  test('reads the link form', () => {
    const state = {
      [BLOCKS.connection]: {
        [ACTIONS.connectionSelect]: { type: 'external_select', selected_option: { value: 'abc' } },
      },
      [BLOCKS.customerLabel]: { [ACTIONS.customerLabel]: { type: 'plain_text_input', value: '  Acme  ' } },
      [BLOCKS.landingUrl]: { [ACTIONS.landingUrl]: { type: 'url_text_input', value: null } },
    };
    expect(readLinkForm(state)).toEqual({ connectionId: 'abc', customerLabel: 'Acme', landingUrl: '' });
  });

  test('reads the dry-run checkbox', () => {
    const state = {
      [BLOCKS.redirectUrl]: { [ACTIONS.redirectUrl]: { type: 'url_text_input', value: 'https://a.example' } },
      [BLOCKS.dryRun]: { [ACTIONS.dryRun]: { type: 'checkboxes', selected_options: [{ value: 'dry_run' }] } },
    };
    expect(readRedirectForm(state)).toEqual({ connectionId: null, url: 'https://a.example', dryRun: true });
  });

  test('a malformed state reads as empty rather than throwing', () => {
    expect(readLinkForm('garbage')).toEqual({ connectionId: null, customerLabel: '', landingUrl: '' });
  });
});

describe('button values', () => {
  test('re-authorize values must carry a 24-hex id', () => {
    expect(decodeReauthorizeValue('{"id":"0123456789abcdef01234567","name":"X"}')).toEqual({
      id: '0123456789abcdef01234567',
      name: 'X',
    });
    expect(decodeReauthorizeValue('{"id":"../../etc","name":"X"}')).toBeNull();
  });
  test('audit cursors must carry a positive sequence number', () => {
    expect(decodeAuditCursor('{"c":null,"b":5}')).toEqual({ connectionRef: null, beforeSeq: 5 });
    expect(decodeAuditCursor('{"c":null,"b":-1}')).toBeNull();
  });
});
