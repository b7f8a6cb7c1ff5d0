/**
 * `parseCommandText` against thousands of random command texts. The parser returns plain words (its
 * `invalid` messages may quote what was typed); escaping is the renderer's job, so safety is checked on what
 * the `/celigo` listener actually sends for an `invalid` result: `errorNotice(message)`.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MAX_CUSTOMER_LABEL } from '../../src/blocks/ids.js';
import { errorNotice } from '../../src/blocks/notice.js';
import { type ParsedCommand, parseCommandText } from '../../src/slack/parse/command-text.js';
import { commandText, HOSTILE_TOKENS, hex24, limitProblems, payloadProblems } from './arbitraries.js';

const KINDS = new Set<ParsedCommand['kind']>([
  'menu',
  'help',
  'connections',
  'link',
  'link_modal',
  'redirect',
  'redirect_modal',
  'status',
  'audit',
  'invalid',
]);

/** True when the string has an unpaired UTF-16 surrogate (Slack would show a replacement character, or refuse). */
const hasLoneSurrogate = (s: string): boolean =>
  /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('parseCommandText over random text', () => {
  test('never throws, always answers with a known kind, and every invalid answer renders safely', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const parsed = parseCommandText(text);
        expect(KINDS.has(parsed.kind)).toBe(true);
        if (parsed.kind === 'invalid') {
          expect(parsed.message.length).toBeGreaterThan(0);
          // Bounded: the parser quotes at most a short piece of the input.
          expect(parsed.message.length).toBeLessThan(400);
          if (!hasLoneSurrogate(text)) expect(hasLoneSurrogate(parsed.message)).toBe(false);
          const rendered = errorNotice(parsed.message);
          expect(payloadProblems(rendered, [])).toEqual([]);
        }
      }),
      { numRuns: 6000 },
    );
  });

  test('the fields it returns are trimmed, non-empty where required, and within limits', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const parsed = parseCommandText(text);
        switch (parsed.kind) {
          case 'link':
            expect(parsed.connectionRef).toBe(parsed.connectionRef.trim());
            expect(parsed.customerLabel.length).toBeGreaterThan(0);
            expect(parsed.customerLabel.length).toBeLessThanOrEqual(MAX_CUSTOMER_LABEL);
            expect(parsed.customerLabel).toBe(parsed.customerLabel.trim());
            break;
          case 'redirect':
            expect(parsed.connectionRef).toBe(parsed.connectionRef.trim());
            // Slack's `<url|label>` wrapping is removed: the URL itself is what gets checked.
            expect(parsed.url).not.toMatch(/^<[^|>]+(\|[^>]*)?>$/);
            expect(typeof parsed.dryRun).toBe('boolean');
            break;
          case 'status':
            expect(parsed.connectionRef).toBe(parsed.connectionRef.trim());
            break;
          case 'audit':
            if (parsed.connectionRef !== null) expect(parsed.connectionRef.length).toBeGreaterThan(0);
            break;
          default:
            break;
        }
      }),
      { numRuns: 3000 },
    );
  });

  test('a hostile first word is answered as unknown and quoted only in escaped form', () => {
    fc.assert(
      fc.property(fc.constantFrom(...HOSTILE_TOKENS), fc.string({ maxLength: 30 }), (hostile, tail) => {
        const parsed = parseCommandText(`${hostile} ${tail}`);
        expect(parsed.kind).toBe('invalid');
        const rendered = errorNotice(parsed.kind === 'invalid' ? parsed.message : '');
        expect(JSON.stringify(rendered)).not.toContain(hostile);
        expect(payloadProblems(rendered, [])).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  test('redirect with an id, a Slack-wrapped URL and --dry-run anywhere keeps the bare URL and the flag', () => {
    fc.assert(
      fc.property(
        hex24,
        fc.webUrl(),
        fc.boolean(),
        fc.nat({ max: 2 }),
        fc.constantFrom('', '|click', '|<!channel>'),
        (id, url, wrapped, flagAt, label) => {
          if (url.includes('>') || url.includes('|') || /\s/.test(url)) return;
          const words = [id, wrapped ? `<${url}${label}>` : url];
          words.splice(flagAt, 0, '--dry-run');
          const parsed = parseCommandText(`redirect ${words.join(' ')}`);
          if (label === '|<!channel>' && wrapped) {
            // `<url|<!channel>>` is not a Slack link; whatever it becomes, it must not be a clean redirect to `url`.
            expect(parsed.kind === 'redirect' && parsed.url === url).toBe(false);
            return;
          }
          expect(parsed).toEqual({ kind: 'redirect', connectionRef: id, url, dryRun: true });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('regressions and the checks themselves', () => {
  test('an unknown first word of emoji is quoted whole or clipped between characters, never mid-pair', () => {
    const r = parseCommandText(`a${'😀'.repeat(30)}`);
    expect(r.kind).toBe('invalid');
    expect(hasLoneSurrogate(r.kind === 'invalid' ? r.message : '')).toBe(false);
  });

  test('the safety check flags raw markup, bare ampersands and unknown mentions, and passes our own forms', () => {
    const users = ['U1'];
    for (const bad of ['<!channel>', 'hi <https://evil.example|click>', 'a < b', 'x > y', 'Q&A', '<@UEVIL>', '<#C1>']) {
      expect(payloadProblems({ text: bad }, users), bad).not.toEqual([]);
      expect(
        payloadProblems({ blocks: [{ type: 'section', text: { type: 'mrkdwn', text: bad } }] }, users),
      ).not.toEqual([]);
    }
    // plain_text is never parsed by Slack, so raw markup there is fine.
    expect(
      payloadProblems({ blocks: [{ type: 'header', text: { type: 'plain_text', text: '<!channel>' } }] }, users),
    ).toEqual([]);
    const ours =
      'By <@U1> at <!date^1700000000^{date_short_pretty} at {time}|2023-11-14 22:13 UTC>: &lt;!here&gt; &amp;';
    expect(payloadProblems({ text: ours }, users)).toEqual([]);
  });

  test('the limit check flags an option value past 150 characters', () => {
    const view = {
      blocks: [{ element: { initial_option: { text: { type: 'plain_text', text: 'x' }, value: 'v'.repeat(151) } } }],
    };
    expect(limitProblems(view)).toEqual(['option value of 151 characters']);
  });
});
