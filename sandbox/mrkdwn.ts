/**
 * Slack mrkdwn → something a person can read outside Slack: terminal text (ANSI styling only when asked)
 * or HTML. Only what the app sends is handled: `*bold*`, `_italic_`, `~strike~`, `code`, ```blocks```,
 * `<url|text>`, `<@U…>`, `<#C…|name>`, `<!date^…|fallback>`, `<!here>`, emoji shortcodes, and the three
 * entities Slack escapes (`&amp;`, `&lt;`, `&gt;`).
 */

/** How each piece is written out. Every argument is already plain (unescaped) text. */
export interface Style {
  text(s: string): string;
  bold(s: string): string;
  italic(s: string): string;
  strike(s: string): string;
  code(s: string): string;
  link(text: string, url: string): string;
  mention(s: string): string;
}

const ANSI = {
  bold: ['\x1b[1m', '\x1b[22m'],
  dim: ['\x1b[2m', '\x1b[22m'],
  italic: ['\x1b[3m', '\x1b[23m'],
  strike: ['\x1b[9m', '\x1b[29m'],
  cyan: ['\x1b[36m', '\x1b[39m'],
  blue: ['\x1b[34m', '\x1b[39m'],
  green: ['\x1b[32m', '\x1b[39m'],
} as const;

export type AnsiName = keyof typeof ANSI;

/** Wraps `s` in an ANSI style when `color` is on; otherwise returns it unchanged. */
export const paint = (color: boolean, name: AnsiName, s: string): string =>
  color && s ? `${ANSI[name][0]}${s}${ANSI[name][1]}` : s;

export function terminalStyle(color: boolean): Style {
  return {
    text: (s) => s,
    bold: (s) => paint(color, 'bold', s),
    italic: (s) => paint(color, 'italic', s),
    strike: (s) => paint(color, 'strike', s),
    code: (s) => paint(color, 'cyan', s),
    link: (text, url) => (text === url ? paint(color, 'blue', url) : `${text} (${paint(color, 'blue', url)})`),
    mention: (s) => paint(color, 'blue', s),
  };
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const htmlStyle: Style = {
  text: (s) => escapeHtml(s).replace(/\n/g, '<br>'),
  bold: (s) => `<b>${s}</b>`,
  italic: (s) => `<i>${s}</i>`,
  strike: (s) => `<s>${s}</s>`,
  code: (s) => `<code>${escapeHtml(s)}</code>`,
  link: (text, url) => `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`,
  mention: (s) => `<span class="mention">${escapeHtml(s)}</span>`,
};

/** The shortcodes the app uses, and a few common ones. Unknown ones stay as `:name:`, as Slack would show text. */
const EMOJI: Readonly<Record<string, string>> = {
  eyes: '👀',
  hourglass: '⌛',
  key: '🔑',
  large_green_circle: '🟢',
  leftwards_arrow_with_hook: '↩️',
  link: '🔗',
  lock: '🔒',
  mag: '🔍',
  no_entry: '⛔',
  recycle: '♻️',
  red_circle: '🔴',
  twisted_rightwards_arrows: '🔀',
  warning: '⚠️',
  white_check_mark: '✅',
  white_circle: '⚪',
  x: '❌',
  tada: '🎉',
  wave: '👋',
};

export const emojify = (s: string): string => s.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m);

export const unescapeEntities = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** One `<…>` token → its rendered form. */
function angle(inner: string, style: Style): string {
  const bar = inner.indexOf('|');
  const head = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : unescapeEntities(inner.slice(bar + 1));
  if (head.startsWith('@')) return style.mention(label ? `@${label.replace(/^@/, '')}` : head);
  if (head.startsWith('#')) return style.mention(`#${label ?? head.slice(1)}`);
  if (head.startsWith('!date^')) return style.text(label ?? head);
  if (head.startsWith('!subteam^')) return style.mention(label ?? `@${head.slice('!subteam^'.length)}`);
  if (head.startsWith('!')) return style.mention(`@${head.slice(1)}`);
  const url = unescapeEntities(head);
  return style.link(label ?? url, url);
}

const BOLD = /(^|[^\p{L}\p{N}*])\*(?!\s)([^*\n]+?)\*(?![\p{L}\p{N}*])/gu;
const ITALIC = /(^|[^\p{L}\p{N}_])_(?!\s)([^_\n]+?)_(?![\p{L}\p{N}_])/gu;
const STRIKE = /(^|[^\p{L}\p{N}~])~(?!\s)([^~\n]+?)~(?![\p{L}\p{N}~])/gu;
const HOLE = '\u0000';

/** Formats one stretch of mrkdwn that holds no code span. */
function prose(src: string, style: Style): string {
  // Angle tokens first, set aside so that `_` or `*` inside a URL is never read as formatting.
  const held: string[] = [];
  let s = src.replace(/<([^<>\n]+)>/g, (_m, inner: string) => {
    held.push(angle(inner, style));
    return `${HOLE}${held.length - 1}${HOLE}`;
  });
  // Markers become holes too, so the plain text around them can be escaped for the output in one pass.
  const wrap = (re: RegExp, fn: (inner: string) => string) => {
    s = s.replace(re, (_m, pre: string, inner: string) => {
      held.push(fn(renderPlain(inner, style)));
      return `${pre}${HOLE}${held.length - 1}${HOLE}`;
    });
  };
  wrap(BOLD, style.bold);
  wrap(ITALIC, style.italic);
  wrap(STRIKE, style.strike);
  return restore(s, held, style);
}

/** Text inside a formatting marker: holes stay, the rest is emojified, unescaped and styled as text. */
function renderPlain(s: string, style: Style): string {
  return s
    .split(new RegExp(`(${HOLE}\\d+${HOLE})`))
    .map((part) => (part.startsWith(HOLE) ? part : style.text(emojify(unescapeEntities(part)))))
    .join('');
}

function restore(s: string, held: readonly string[], style: Style): string {
  let out = renderPlain(s, style);
  // Holes can nest (bold around a link): resolve until none is left.
  for (let i = 0; i < 5 && out.includes(HOLE); i++) {
    out = out.replace(new RegExp(`${HOLE}(\\d+)${HOLE}`, 'g'), (_m, n: string) => held[Number(n)] ?? '');
  }
  return out;
}

/** Renders a whole mrkdwn string. */
export function renderMrkdwn(src: string, style: Style): string {
  const out: string[] = [];
  const code = /```([\s\S]*?)```|`([^`\n]+)`/g;
  let last = 0;
  for (const m of src.matchAll(code)) {
    out.push(prose(src.slice(last, m.index), style));
    out.push(style.code(unescapeEntities(m[1] ?? m[2] ?? '')));
    last = m.index + m[0].length;
  }
  out.push(prose(src.slice(last), style));
  return out.join('');
}

/** plain_text objects: no formatting, but Slack still turns shortcodes into emoji (`emoji: true`). */
export const renderPlainText = (src: string, style: Style): string => style.text(emojify(src));
