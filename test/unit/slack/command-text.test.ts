import { describe, expect, test } from 'vitest';
import { parseCommandText, tokenize, unwrapSlackLink } from '../../../src/slack/parse/command-text.js';

const ID = '0123456789abcdef01234567';

describe('parseCommandText', () => {
  test('Slack-escaped &, < and > are decoded once, as the user typed them', () => {
    const id = 'a'.repeat(24);
    expect(parseCommandText(`link ${id} Shop &amp; Co &lt;EU&gt;`)).toEqual({
      kind: 'link',
      connectionRef: id,
      customerLabel: 'Shop & Co <EU>',
    });
    expect(parseCommandText(`link ${id} literally &amp;lt;`)).toMatchObject({ customerLabel: 'literally &lt;' });
  });

  test('no text opens the menu; help is help', () => {
    expect(parseCommandText('')).toEqual({ kind: 'menu' });
    expect(parseCommandText('   ')).toEqual({ kind: 'menu' });
    expect(parseCommandText('HELP')).toEqual({ kind: 'help' });
  });

  test('connections takes an optional filter', () => {
    expect(parseCommandText('connections')).toEqual({ kind: 'connections', filter: '' });
    expect(parseCommandText('connections shop ify')).toEqual({ kind: 'connections', filter: 'shop ify' });
  });

  test('link takes a connection and an optional multi-word customer label', () => {
    expect(parseCommandText(`link ${ID} Acme Corp`)).toEqual({
      kind: 'link',
      connectionRef: ID,
      customerLabel: 'Acme Corp',
    });
    expect(parseCommandText('link')).toEqual({ kind: 'link_modal', connectionRef: null });
  });

  test('link with a connection but no label opens the modal on that connection', () => {
    expect(parseCommandText(`link ${ID}`)).toEqual({ kind: 'link_modal', connectionRef: ID });
  });

  test('quoted connection names may contain spaces (straight or curly quotes)', () => {
    expect(parseCommandText('link "My Conn" Acme')).toEqual({
      kind: 'link',
      connectionRef: 'My Conn',
      customerLabel: 'Acme',
    });
    expect(parseCommandText('status “My Conn”')).toEqual({ kind: 'status', connectionRef: 'My Conn' });
  });

  test('an unclosed quote is a plain-words error', () => {
    const r = parseCommandText('link "My Conn Acme');
    expect(r.kind).toBe('invalid');
  });

  test('a customer label over 80 characters is refused', () => {
    const r = parseCommandText(`link ${ID} ${'a'.repeat(81)}`);
    expect(r).toMatchObject({ kind: 'invalid' });
  });

  test('redirect takes a connection, a URL (Slack-escaped or not) and --dry-run anywhere', () => {
    expect(parseCommandText(`redirect ${ID} https://a.example/x`)).toEqual({
      kind: 'redirect',
      connectionRef: ID,
      url: 'https://a.example/x',
      dryRun: false,
    });
    expect(parseCommandText(`redirect --dry-run ${ID} <https://a.example/x|a.example/x>`)).toEqual({
      kind: 'redirect',
      connectionRef: ID,
      url: 'https://a.example/x',
      dryRun: true,
    });
    expect(parseCommandText('redirect')).toEqual({ kind: 'redirect_modal' });
  });

  test('redirect without a URL, or with extra words, says what to do', () => {
    const missing = parseCommandText(`redirect ${ID}`);
    expect(missing.kind).toBe('invalid');
    expect(missing.kind === 'invalid' && missing.message).toContain('redirect <connection> <url>');
    expect(parseCommandText('redirect My Conn https://a.example').kind).toBe('invalid');
  });

  test('status needs a connection; audit may have one', () => {
    expect(parseCommandText('status').kind).toBe('invalid');
    expect(parseCommandText(`status ${ID}`)).toEqual({ kind: 'status', connectionRef: ID });
    expect(parseCommandText('audit')).toEqual({ kind: 'audit', connectionRef: null });
    expect(parseCommandText(`audit ${ID}`)).toEqual({ kind: 'audit', connectionRef: ID });
  });

  test('an unknown subcommand points at help', () => {
    const r = parseCommandText('frobnicate now', '/celigo');
    expect(r.kind).toBe('invalid');
    expect(r.kind === 'invalid' && r.message).toContain('/celigo help');
  });
});

describe('tokenize and unwrapSlackLink', () => {
  test('splits on any whitespace', () => {
    expect(tokenize(' a \t b\nc ').tokens).toEqual(['a', 'b', 'c']);
  });
  test('keeps the URL of an escaped Slack link', () => {
    expect(unwrapSlackLink('<https://x.example/a?b=1|x.example>')).toBe('https://x.example/a?b=1');
    expect(unwrapSlackLink('https://plain.example')).toBe('https://plain.example');
  });
});
