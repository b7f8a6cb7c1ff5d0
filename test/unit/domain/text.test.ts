import { describe, expect, it } from 'vitest';
import { stripUrls } from '../../../src/domain/text.js';

/** The pattern stripUrls replaced; quadratic, but the reference for what counts as a URL. */
const reference = (s: string): string => s.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, '[url]');

describe('stripUrls', () => {
  it.each([
    'see https://example.test/x?code=abc now',
    'a://b c://d',
    'x1.a://y',
    '1abc://z',
    '.abc://z',
    '1-ab://z',
    '1a-b://z',
    'foo:// bar',
    '://nothing',
    'no urls here',
    'HTTPS://UPPER.TEST/path and mailto:x@y',
    'a://b://c',
    'é-http://x',
  ])('replaces what the old pattern replaced: %s', (s) => {
    expect(stripUrls(s)).toBe(reference(s));
  });

  it('agrees with the old pattern on random text made of URL-ish pieces', () => {
    const pieces = ['a', 'B', '1', '.', '-', '+', ':', '/', '://', ' ', 'http', '_', 'é'];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 2000; i += 1) {
      const s = Array.from({ length: rand(20) }, () => pieces[rand(pieces.length)]).join('');
      expect(stripUrls(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it('is linear: a 16 KB hostile name takes well under 20 ms', () => {
    for (const hostile of ['a.'.repeat(8192), `${'a-'.repeat(8000)}://`, 'a://'.repeat(4096)]) {
      const started = performance.now();
      stripUrls(hostile);
      expect(performance.now() - started).toBeLessThan(20);
    }
  });
});
