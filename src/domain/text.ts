/** Text helpers shared by the use cases and the Slack blocks: escaping, clipping, cleaning. */

/**
 * Slack treats `&`, `<` and `>` as control characters in mrkdwn and in a message's top-level text
 * (docs/slack.md, "Block Kit limits"). Escaping them defeats injected `<https://evil|x>` links and `<!channel>` /
 * `<@U…>` mentions. Nothing else may be HTML-encoded.
 */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const SCHEME_CHAR = /[a-z0-9+.-]/i;
const LETTER = /[a-z]/i;
const WORD_CHAR = /\w/;
const SPACE = /\s/;

/**
 * Replaces anything that looks like a URL (`scheme://…` up to the next space), so a line can never carry a
 * link or a token in one. A hand-written scan, linear in the length: the regular expression it replaces
 * retried from every scheme-like position and took ~300 ms on a 16 KB query parameter name.
 */
export function stripUrls(s: string): string {
  let out = '';
  let copied = 0;
  let from = 0;
  for (let sep = s.indexOf('://', from); sep !== -1; sep = s.indexOf('://', from)) {
    // Walk back over the scheme characters (never past what is already handled); the URL starts at the
    // first letter among them that follows a non-word character (the old pattern's `\b[a-z]`).
    let first = sep;
    while (first > copied && SCHEME_CHAR.test(s[first - 1] as string)) first -= 1;
    let start = first;
    while (
      start < sep &&
      !(LETTER.test(s[start] as string) && (start === 0 || !WORD_CHAR.test(s[start - 1] as string)))
    ) {
      start += 1;
    }
    if (start === sep) {
      from = sep + 3;
      continue;
    }
    let end = sep + 3;
    while (end < s.length && !SPACE.test(s[end] as string)) end += 1;
    out += `${s.slice(copied, start)}[url]`;
    copied = end;
    from = end;
  }
  return out + s.slice(copied);
}

/** Removes control characters (C0, DEL, C1) and trims. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
export const cleanText = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();

/** Shortens to at most `n` characters (an ellipsis marks the cut). Never splits a surrogate pair. */
export function clip(s: string, n: number): string {
  if (s.length <= n) return s;
  if (n <= 1) return '…'.slice(0, n);
  let cut = n - 1;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${s.slice(0, cut)}…`;
}
