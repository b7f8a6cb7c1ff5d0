/**
 * fast-check generators and the "is this mrkdwn safe?" check shared by the property tests.
 *
 * Hostile text is what a Slack user (or a customer whose company name ends up in a label) can type to turn our
 * own messages against the channel: `<!channel>` pings, `<@U…>` mentions, `<https://evil|click>` disguised links.
 * Slack parses those only in mrkdwn and in a message's top-level `text`; plain_text never parses them.
 */
import fc from 'fast-check';

/** Markup that must never reach Slack unescaped from input. */
export const HOSTILE_TOKENS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S0EVIL>',
  '<@UEVIL>',
  '<@U123>',
  '<#C0EVIL|general>',
  '<https://evil.example|click>',
  '<https://evil.example/login>',
  '<mailto:evil@evil.example|mail>',
] as const;

/** Raw substrings that, found in mrkdwn we sent, mean input was not escaped. */
export const HOSTILE_RAW = [
  '<!channel',
  '<!here',
  '<!everyone',
  '<!subteam',
  '<https://evil',
  '<@UEVIL',
  '<@U123',
  '<#C0EVIL',
  '<mailto:',
];

const MARKUP_NOISE = [
  '&amp;',
  '&lt;!channel&gt;',
  '&',
  '<',
  '>',
  '|',
  '*bold*',
  '_it_',
  '~strike~',
  '`code`',
  '```',
  '> quote',
  ':warning:',
  '\\',
  '%3C!channel%3E',
  '$' + '{x}',
  '{"c":"C1"}',
];

export const KEYWORDS = [
  'help',
  'connections',
  'list',
  'link',
  'redirect',
  'status',
  'audit',
  'HELP',
  'Link',
  'REDIRECT',
  'Status',
] as const;

const QUOTES = ['"', '“', '”', "'", '‘', '’'];
const WHITESPACE = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u200b', '\u3000'];
const FLAGS = ['--dry-run', '--dryrun', '—dry-run', '--DRY-RUN', '-dry-run', '--'];
const URLS = [
  'https://example.com/thanks',
  'https://www.example.com/done?x=1&y=2',
  'http://localhost:3000/back',
  'http://evil.example/plain',
  'javascript:alert(1)',
  'https://user:pw@example.com/',
  'https://evil.example/login',
  'ftp://example.com/',
  'https://',
  '<https://example.com/thanks>',
  '<https://example.com/thanks|here>',
  `https://example.com/${'a'.repeat(2100)}`,
];

export const hex24 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 24, maxLength: 24 });

/** Unpaired UTF-16 halves: JSON and Slack must survive them. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((n) => String.fromCharCode(n));

/** A single "word" of a command: keywords, ids, URLs, flags, hostile markup, or random text of any alphabet. */
export const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TOKENS) },
  { weight: 2, arbitrary: fc.constantFrom(...MARKUP_NOISE) },
  { weight: 2, arbitrary: hex24 },
  { weight: 2, arbitrary: fc.constantFrom(...URLS) },
  { weight: 1, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 2, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 2, arbitrary: fc.constantFrom(...QUOTES) },
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 1, arbitrary: loneSurrogate },
  // Quoted runs, including hostile text inside the quotes.
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...QUOTES), fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE_TOKENS)))
      .map(([q, s]) => `${q}${s}${q === '“' ? '”' : q === '‘' ? '’' : q}`),
  },
);

const whitespace = fc.constantFrom(...WHITESPACE);

/** A whole command text: mostly "keyword + words", sometimes pure noise, sometimes very long. */
export const commandText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...KEYWORDS, ''),
        fc.array(fc.tuple(whitespace, token), { maxLength: 6 }),
        fc.constantFrom('', ' ', '\n'),
      )
      .map(([kw, words, tail]) => `${kw}${words.map(([w, t]) => `${w}${t}`).join('')}${tail}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  // Long first words of astral characters (emoji) at odd offsets: quoting them must not split a pair.
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.string({ maxLength: 3 }), fc.string({ unit: 'grapheme', minLength: 15, maxLength: 40 }), token)
      .map(([pre, word, t]) => `${pre}${word} ${t}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...KEYWORDS, ''), token, fc.integer({ min: 50, max: 800 }))
      .map(([kw, t, n]) => `${kw} ${t.repeat(Math.max(1, Math.ceil(n / Math.max(1, t.length))))}`.slice(0, 4000)),
  },
);

const hasControl = (s: string): boolean =>
  [...s].some((ch) => {
    const c = ch.codePointAt(0) ?? 0;
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  });

/** A customer label someone might paste: hostile markup mixed with ordinary words, up to the 80-char limit. */
export const hostileLabel: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(...HOSTILE_TOKENS),
      fc.constantFrom(...MARKUP_NOISE),
      fc.constantFrom('Acme', 'Corp', 'Shop & Co', 'Ünïcødé', '株式会社', '😀'),
      fc.string({ minLength: 1, maxLength: 6 }),
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((parts) => parts.join(' ').trim())
  .filter((s) => s.length > 0 && s.length <= 80 && !hasControl(s) && !/["“”'‘’]/.test(s[0] ?? ''));

/**
 * URLs on the allowed hosts of the handler tests (`example.com`, `*.example.com`) whose path and query carry
 * hostile markup, so they pass the landing-page policy and reach the previews and replies.
 */
export const allowedUrl: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('https://example.com', 'https://www.example.com', 'https://a.b.example.com', 'https://EXAMPLE.com'),
    fc.array(
      fc.oneof(
        fc.constantFrom(...HOSTILE_TOKENS),
        fc.constantFrom('thanks', 'done', '&amp;', '%3C!here%3E', '`', '*x*', '|'),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 3 },
    ),
    fc.constantFrom('', '?next=<!channel>', '?a=1&b=<@UEVIL>', '#<!here>'),
  )
  .map(([base, segs, tail]) => `${base}/${segs.join('/')}${tail}`.replace(/\s/g, ''));

/** Random text for modal inputs (labels, URLs): any alphabet, hostile markup, sometimes huge. */
export const modalText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileLabel },
  { weight: 2, arbitrary: fc.constantFrom(...URLS) },
  { weight: 1, arbitrary: fc.webUrl() },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.nat({ max: 5000 }).map((n) => '<!channel>'.repeat(Math.ceil(n / 10) + 1)) },
);

/** private_metadata: the real shape, near misses, forged channels, junk, huge strings. */
export const metadataText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(JSON.stringify({ c: 'C1', k: 'idem-key-0001' })) },
  {
    weight: 3,
    arbitrary: fc
      .record({
        c: fc.oneof(
          fc.constantFrom('C1', 'G1ABC', 'D1', null, '', 'c1', 'U1', 'C1<!channel>', '<!channel>', 'C'.repeat(40)),
          fc.string({ maxLength: 12 }),
          fc.integer(),
        ),
        k: fc.oneof(fc.string({ maxLength: 20 }), fc.uuid(), fc.constant('x'.repeat(200)), fc.integer()),
      })
      .map((o) => JSON.stringify(o)),
  },
  { weight: 1, arbitrary: fc.json() },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('', 'null', '[]', '{}', '{"c":"C1"', '{"__proto__":{"c":"C1"},"k":"abcdefgh"}'),
  },
  { weight: 1, arbitrary: fc.nat({ max: 3000 }).map((n) => JSON.stringify({ c: 'C1', k: 'k'.repeat(n + 101) })) },
);

/** Allowed `<…>` forms the app itself writes: mentions of the users in play, and Slack dates. */
const APP_MARKUP = /<@[UW][A-Z0-9]{1,20}>|<!date\^\d+\^\{[a-z_]+\}(?: at \{time\})?\|[^<>|]*>/g;

/** The text without the app's own mentions and dates (whose `<`/`>` are ours, not input's). */
export const withoutAppMarkup = (text: string): string => text.replace(APP_MARKUP, '');

/** Everything Slack would parse as mrkdwn in a message, ack body, or view: top-level `text` and mrkdwn objects. */
export function mrkdwnTexts(payload: unknown): string[] {
  const out: string[] = [];
  const root = payload as Record<string, unknown> | null;
  if (root && typeof root['text'] === 'string') out.push(root['text']);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') out.push(o['text']);
    for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v === 'object') walk(v);
  };
  walk(root?.['blocks']);
  walk(root?.['view']);
  walk(root?.['attachments']);
  return out;
}

/**
 * Problems with one mrkdwn string: a hostile token unescaped, any `<`/`>` left after removing the app's own
 * mentions and dates (our mention ids must be among `knownUsers`), or a bare `&` that is not an entity.
 */
export function markupProblems(text: string, knownUsers: readonly string[]): string[] {
  const problems: string[] = [];
  for (const raw of HOSTILE_RAW) if (text.includes(raw)) problems.push(`raw ${raw}`);
  for (const m of text.matchAll(/<@([UW][A-Z0-9]+)>/g)) {
    if (!knownUsers.includes(m[1] ?? '')) problems.push(`mention of unknown user ${m[0]}`);
  }
  const rest = withoutAppMarkup(text);
  if (/[<>]/.test(rest))
    problems.push(
      `unescaped angle bracket near ${JSON.stringify(rest.slice(Math.max(0, rest.search(/[<>]/) - 20), rest.search(/[<>]/) + 20))}`,
    );
  if (/&(?!(amp|lt|gt);)/.test(text)) problems.push('bare &');
  return problems;
}

/** All problems in a Slack payload (message, ack body, view). */
export function payloadProblems(payload: unknown, knownUsers: readonly string[]): string[] {
  return mrkdwnTexts(payload).flatMap((t) => markupProblems(t, knownUsers));
}

/**
 * Block Kit limits Slack enforces (docs/slack.md, "Block Kit limits") but the fake does not: a payload past one is refused
 * by the real Slack (`invalid_blocks` / `invalid_arguments`), so the user would get no answer.
 */
export function limitProblems(payload: unknown): string[] {
  const problems: string[] = [];
  const len = (s: unknown): number => (typeof s === 'string' ? s.length : 0);
  const walk = (node: unknown, key: string): void => {
    if (Array.isArray(node)) {
      if (key === 'blocks' && node.length > 100) problems.push(`${node.length} blocks`);
      if (key === 'options' && node.length > 100) problems.push(`${node.length} options`);
      for (const n of node) walk(n, key === 'options' ? 'option' : key);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if ((o['type'] === 'plain_text' || o['type'] === 'mrkdwn') && len(o['text']) > 3000) {
      problems.push(`${o['type']} text of ${len(o['text'])} characters`);
    }
    if (key === 'option' || key === 'initial_option') {
      if (len(o['value']) > 150) problems.push(`option value of ${len(o['value'])} characters`);
      const text = o['text'] as Record<string, unknown> | undefined;
      if (len(text?.['text']) > 75) problems.push(`option text of ${len(text?.['text'])} characters`);
    }
    if (o['type'] === 'button') {
      if (len(o['value']) > 2000) problems.push(`button value of ${len(o['value'])} characters`);
      if (len(o['url']) > 3000) problems.push(`button url of ${len(o['url'])} characters`);
    }
    if (len(o['private_metadata']) > 3000) problems.push('private_metadata over 3000 characters');
    for (const [k, v] of Object.entries(o)) if (typeof v === 'object') walk(v, k);
  };
  walk(payload, '');
  return problems;
}
