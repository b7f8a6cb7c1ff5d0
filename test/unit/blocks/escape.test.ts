import { describe, expect, it, test } from 'vitest';
import { clipMrkdwn } from '../../../src/blocks/elements.js';
import { clip, escapeMrkdwn, mention, safe } from '../../../src/blocks/escape.js';

describe('escapeMrkdwn', () => {
  test('replaces only &, < and >', () => {
    expect(escapeMrkdwn('a & b <c> "d" \'e\' *f*')).toBe('a &amp; b &lt;c&gt; "d" \'e\' *f*');
  });

  test('defeats injected mentions and links', () => {
    const out = escapeMrkdwn('<!channel> <@U123> <https://evil.example|click>');
    expect(out).not.toMatch(/[<>]/);
    expect(out).toBe('&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt;');
  });
});

describe('clip', () => {
  test('leaves short text alone and cuts long text to exactly n with an ellipsis', () => {
    expect(clip('short', 10)).toBe('short');
    const c = clip('x'.repeat(100), 10);
    expect(c).toHaveLength(10);
    expect(c.endsWith('…')).toBe(true);
  });

  test('never leaves half of a surrogate pair', () => {
    const c = clip('ab😀😀😀', 4);
    expect(c.length).toBeLessThanOrEqual(4);
    expect(() => encodeURIComponent(c)).not.toThrow();
  });
});

describe('safe', () => {
  test('escapes and stays within the limit even when escaping grows the text', () => {
    const s = safe('<'.repeat(100), 50);
    expect(s.length).toBeLessThanOrEqual(50);
    expect(s).not.toContain('<');
    expect(s).not.toMatch(/&(a|am|amp|l|lt|g|gt)?$/); // no entity cut in half
  });
});

describe('mention', () => {
  test('mentions real-looking user ids and shows anything else as escaped text', () => {
    expect(mention('U12345')).toBe('<@U12345>');
    expect(mention('W0ABC')).toBe('<@W0ABC>');
    expect(mention('<!channel>')).toBe('&lt;!channel&gt;');
    expect(mention(null)).toBe('someone');
  });
});

describe('clipMrkdwn', () => {
  it('never leaves half an entity (a bare &) where the clip falls inside one', () => {
    const escaped = escapeMrkdwn('a&b&c&d&e&f');
    for (let max = 2; max < escaped.length; max++) {
      const out = clipMrkdwn(escaped, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out, `max ${max}`).not.toMatch(/&(?!(amp|lt|gt);)/);
    }
  });

  it('leaves text within the limit as it is', () => {
    expect(clipMrkdwn('a &amp; b', 20)).toBe('a &amp; b');
  });
});
