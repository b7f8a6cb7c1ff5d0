import { describe, expect, test } from 'vitest';
import { errorNotice } from '../../../src/blocks/notice.js';

describe('errorNotice', () => {
  test('escapes the message, so a typed mention or link stays text', () => {
    const m = errorNotice('Nothing named <@U123> or <!channel> here');
    expect(m.text).toContain('&lt;@U123&gt; or &lt;!channel&gt;');
    expect(m.text).not.toContain('<@U123>');
  });

  test('a stale change names who moved the value as a mention, and only in that exact shape', () => {
    const m = errorNotice(
      'The landing page was changed to https://z.example/<@U9> by <@U123> since this preview; nothing was changed.',
      undefined,
      true,
    );
    expect(m.text).toContain(' by <@U123> since this preview');
    expect(m.text).toContain('https://z.example/&lt;@U9&gt;');
  });
});
