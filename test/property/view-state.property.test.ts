/**
 * The view-state parser (src/slack/parse/view-state.ts) against random submissions: private_metadata and
 * button values are echoed by the client, so anything may come back. Nothing may throw; only well-formed
 * metadata is accepted, and what is accepted is within the documented shape.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ACTIONS, BLOCKS } from '../../src/blocks/ids.js';
import {
  decodeAuditCursor,
  decodeMetadata,
  decodeReauthorizeValue,
  encodeMetadata,
  readLinkForm,
  readRedirectForm,
  readStatusForm,
} from '../../src/slack/parse/view-state.js';
import { metadataText, modalText } from './arbitraries.js';

const CHANNEL = /^[CGD][A-Z0-9]{1,30}$/;
const KEY = /^[A-Za-z0-9._:-]{8,100}$/;

/** One input the way Slack nests it, with random types and values (including wrong ones). */
const stateValue = fc.oneof(
  fc.record({
    type: fc.constantFrom('plain_text_input', 'url_text_input', 'external_select', 'checkboxes'),
    value: fc.option(modalText, { nil: null }),
  }),
  fc.record({
    type: fc.constant('external_select'),
    selected_option: fc.option(fc.record({ value: modalText }), { nil: null }),
  }),
  fc.record({
    type: fc.constant('checkboxes'),
    selected_options: fc.array(fc.record({ value: fc.constantFrom('dry_run', 'other', '') }), { maxLength: 3 }),
  }),
  fc.anything({ maxDepth: 2 }),
);

const blockIds = fc.constantFrom(...Object.values(BLOCKS), 'unknown', '__proto__', 'constructor');
const actionIds = fc.constantFrom(...Object.values(ACTIONS), 'unknown', '__proto__');

const state: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.dictionary(blockIds, fc.dictionary(actionIds, stateValue, { maxKeys: 3 }), { maxKeys: 6 }),
  },
  { weight: 1, arbitrary: fc.anything() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, 0, '', [], 'state') },
);

describe('private_metadata over random strings', () => {
  test('decoding never throws; anything accepted has a real channel id (or none) and a well-formed key', () => {
    fc.assert(
      fc.property(fc.oneof(metadataText, fc.string(), fc.string({ unit: 'binary' })), (raw) => {
        const m = decodeMetadata(raw);
        if (m === null) return;
        if (m.channelId !== null) expect(m.channelId).toMatch(CHANNEL);
        expect(m.idempotencyKey).toMatch(KEY);
        expect(Object.keys(m).sort()).toEqual(['channelId', 'idempotencyKey']);
      }),
      { numRuns: 5000 },
    );
  });

  test('a forged channel id (a user, a mention, lower case, too long, not a string) is rejected', () => {
    const forged = fc.oneof(
      fc.constantFrom('U1', 'W1', '<!channel>', 'C1<!here>', 'c1', 'C', `C${'A'.repeat(31)}`, ' C1', 'C1 '),
      fc.string({ maxLength: 8 }).filter((s) => !CHANNEL.test(s)),
      fc.integer(),
      fc.boolean(),
      fc.constant({ id: 'C1' }),
    );
    fc.assert(
      fc.property(forged, fc.constantFrom('idem-key-0001', 'x'), (c, k) => {
        expect(decodeMetadata(JSON.stringify({ c, k }))).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  test('undefined, huge and malformed metadata is rejected, not thrown', () => {
    expect(decodeMetadata(undefined)).toBeNull();
    expect(decodeMetadata(JSON.stringify({ c: 'C1', k: 'k'.repeat(101) }))).toBeNull();
    expect(decodeMetadata(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toBeNull();
    expect(decodeMetadata('x'.repeat(200_000))).toBeNull();
  });

  test('what the app encodes, it decodes unchanged', () => {
    fc.assert(
      fc.property(
        fc.option(fc.stringMatching(/^[CGD][A-Z0-9]{1,30}$/), { nil: null }),
        fc.stringMatching(/^[A-Za-z0-9._:-]{8,100}$/),
        (channelId, idempotencyKey) => {
          expect(decodeMetadata(encodeMetadata({ channelId, idempotencyKey }))).toEqual({ channelId, idempotencyKey });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('submitted state over random values', () => {
  test('the form readers never throw and always return the documented types', () => {
    fc.assert(
      fc.property(state, (values) => {
        const link = readLinkForm(values);
        expect(link.connectionId === null || typeof link.connectionId === 'string').toBe(true);
        expect(link.customerLabel).toBe(link.customerLabel.trim());
        expect(link.landingUrl).toBe(link.landingUrl.trim());
        const redirect = readRedirectForm(values);
        expect(redirect.connectionId === null || typeof redirect.connectionId === 'string').toBe(true);
        expect(typeof redirect.url).toBe('string');
        expect(typeof redirect.dryRun).toBe('boolean');
        const status = readStatusForm(values);
        expect(status.connectionId === null || typeof status.connectionId === 'string').toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test('dry run is on only when the dry_run checkbox is ticked', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('dry_run', 'other', 'DRY_RUN', ''), { maxLength: 4 }), (ticked) => {
        const values = {
          [BLOCKS.dryRun]: {
            [ACTIONS.dryRun]: { type: 'checkboxes', selected_options: ticked.map((value) => ({ value })) },
          },
        };
        expect(readRedirectForm(values).dryRun).toBe(ticked.includes('dry_run'));
      }),
      { numRuns: 300 },
    );
  });
});

describe('button values over random strings', () => {
  test('Re-authorize and audit-page values decode to bounded data or null, never throw', () => {
    const raw = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({ id: fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{24}$/)), name: modalText })
        .map((o) => JSON.stringify(o)),
      fc
        .record({ c: fc.option(modalText, { nil: null }), b: fc.oneof(fc.integer(), fc.double(), fc.string()) })
        .map((o) => JSON.stringify(o)),
    );
    fc.assert(
      fc.property(raw, (value) => {
        const re = decodeReauthorizeValue(value);
        if (re) {
          expect(re.id).toMatch(/^[0-9a-f]{24}$/i);
          expect(re.name.length).toBeLessThanOrEqual(200);
        }
        const cursor = decodeAuditCursor(value);
        if (cursor) {
          expect(Number.isInteger(cursor.beforeSeq) && cursor.beforeSeq > 0).toBe(true);
          expect(cursor.connectionRef === null || cursor.connectionRef.length <= 200).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
