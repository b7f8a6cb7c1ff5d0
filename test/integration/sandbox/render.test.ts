/** The sandbox's Slack renderers: mrkdwn and Block Kit as terminal text (and HTML for the screenshot). */
import { describe, expect, it } from 'vitest';
import { htmlStyle, renderMrkdwn, terminalStyle } from '../../../sandbox/mrkdwn.js';
import { blocksToHtml, blocksToLines } from '../../../sandbox/render-blocks.js';

const plain = (s: string) => renderMrkdwn(s, terminalStyle(false));

describe('mrkdwn as terminal text', () => {
  it('turns mentions, channel links, dates and links into readable text', () => {
    expect(plain('Hi <@U123>, see <#C9|customers>')).toBe('Hi @U123, see #customers');
    expect(plain('<!date^1795838697^{date_short_pretty} at {time}|2026-11-28 04:04 UTC>')).toBe('2026-11-28 04:04 UTC');
    expect(plain('Read <https://example.com/a_b_c|the docs> or <https://x.test/>')).toBe(
      'Read the docs (https://example.com/a_b_c) or https://x.test/',
    );
    expect(plain('<!here> <!subteam^S1|@ops>')).toBe('@here @ops');
  });

  it('drops formatting marks, and styles with ANSI only when colour is on', () => {
    expect(plain('*bold* and _italic_ and ~gone~ and `code_x`')).toBe('bold and italic and gone and code_x');
    expect(renderMrkdwn('*bold*', terminalStyle(true))).toBe('\u001b[1mbold\u001b[22m');
    expect(plain('a*b*c snake_case_name 2*3*4')).toBe('a*b*c snake_case_name 2*3*4');
  });

  it('unescapes what Slack escapes, so injected markup reads as the text it was', () => {
    expect(plain('Tom &amp; Jerry &lt;https://evil|x&gt;')).toBe('Tom & Jerry <https://evil|x>');
    expect(plain('`a &lt; b`')).toBe('a < b');
  });

  it('shows known emoji shortcodes as emoji and leaves unknown ones alone', () => {
    expect(plain(':white_check_mark: done :not_an_emoji:')).toBe('✅ done :not_an_emoji:');
  });
});

describe('Block Kit as terminal lines', () => {
  it('renders headers, fields as "Label: value", context, and buttons as [ Button ]', () => {
    const lines = blocksToLines(
      [
        { type: 'header', text: { type: 'plain_text', text: 'Acme :key:' } },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: '*State*\n:large_green_circle: online' },
            { type: 'mrkdwn', text: '*Landing page*\n`https://a.example/x`' },
          ],
        },
        {
          type: 'context',
          elements: [
            { type: 'mrkdwn', text: 'one' },
            { type: 'mrkdwn', text: '_two_' },
          ],
        },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Confirm' }, action_id: 'a', value: 'secret-ish' },
            { type: 'button', text: { type: 'plain_text', text: 'Open' }, action_id: 'b', url: 'https://u.test/l/t' },
          ],
        },
      ],
      'fallback',
      false,
    );
    expect(lines).toEqual([
      'Acme 🔑',
      'State: 🟢 online',
      'Landing page: https://a.example/x',
      'one · two',
      '[ Confirm ]  [ Open ]',
    ]);
  });

  it('falls back to the message text when there are no blocks', () => {
    expect(blocksToLines([], 'Hello <@U1>\nsecond', false)).toEqual(['Hello @U1', 'second']);
  });
});

describe('HTML rendering', () => {
  it('escapes text and keeps links, mentions and code as markup', () => {
    expect(renderMrkdwn('a &lt;b&gt; *c* <@U1> `x<y`', htmlStyle)).toBe(
      'a &lt;b&gt; <b>c</b> <span class="mention">@U1</span> <code>x&lt;y</code>',
    );
    const html = blocksToHtml(
      [
        {
          type: 'actions',
          elements: [{ type: 'button', style: 'primary', text: { type: 'plain_text', text: '<Go>' } }],
        },
      ],
      '',
    );
    expect(html).toBe('<div class="actions"><span class="btn primary">&lt;Go&gt;</span></div>');
  });
});
