/**
 * Parses the slash command's text. A connection is a 24-hex id or an exact name; names with
 * spaces must be quoted ("My Conn"), otherwise the first word is the connection. Predictable beats clever.
 */
import { clip } from '../../blocks/escape.js';
import { MAX_CUSTOMER_LABEL } from '../../blocks/ids.js';

export type ParsedCommand =
  | { readonly kind: 'menu' }
  | { readonly kind: 'help' }
  | { readonly kind: 'connections'; readonly filter: string }
  | { readonly kind: 'accounts' }
  | { readonly kind: 'link'; readonly connectionRef: string; readonly customerLabel: string }
  /** `link` alone, or `link <connection>` without a label: the modal asks for the rest. */
  | { readonly kind: 'link_modal'; readonly connectionRef: string | null }
  | { readonly kind: 'redirect'; readonly connectionRef: string; readonly url: string; readonly dryRun: boolean }
  | { readonly kind: 'redirect_modal' }
  | { readonly kind: 'status'; readonly connectionRef: string }
  | { readonly kind: 'audit'; readonly connectionRef: string | null }
  | {
      readonly kind: 'invalid';
      readonly message: string;
      /** An attempt to create a link that failed on its label: audited like the service's own refusals. */
      readonly linkRefusal?: 'label_invalid';
    };

const QUOTES: Record<string, string> = { '"': '"', '“': '”', '”': '”', "'": "'", '‘': '’' };

/** Splits on whitespace, keeping quoted runs together (straight or curly quotes: Slack clients convert). */
export function tokenize(text: string): { tokens: string[]; error: string | null } {
  const tokens: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    const ch = s[i] ?? '';
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const close = QUOTES[ch];
    if (close !== undefined) {
      const end = s.indexOf(close, i + 1);
      if (end === -1) return { tokens, error: `A quote (${ch}) is not closed.` };
      tokens.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < s.length && !/\s/.test(s[j] ?? '')) j += 1;
    tokens.push(s.slice(i, j));
    i = j;
  }
  return { tokens, error: null };
}

/** With `should_escape`, Slack sends links as `<https://x>` or `<https://x|label>`: keep the URL only. */
export function unwrapSlackLink(token: string): string {
  const m = /^<([^|>]+)(\|[^>]*)?>$/.exec(token);
  return m?.[1] ?? token;
}

const usage = (command: string, sub: string): string => {
  switch (sub) {
    case 'link':
      return `${command} link <connection> [customer label]`;
    case 'redirect':
      return `${command} redirect <connection> <url> [--dry-run]`;
    case 'status':
      return `${command} status <connection>`;
    default:
      return `${command} help`;
  }
};

/**
 * Slack sends `&`, `<` and `>` typed by the user as `&amp;`, `&lt;` and `&gt;` (its control characters).
 * Decode them so a label typed as `Shop & Co` is stored as typed; everything shown later is escaped again.
 * `&amp;` goes last, so `&amp;lt;` (a user typing `&lt;`) stays `&lt;`.
 */
export const decodeSlackEntities = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export function parseCommandText(text: string, command = '/celigo'): ParsedCommand {
  const { tokens, error } = tokenize(decodeSlackEntities(text));
  if (error) return { kind: 'invalid', message: `${error} Put names with spaces in "double quotes".` };
  const [first, ...rest] = tokens;
  if (first === undefined) return { kind: 'menu' };
  const sub = first.toLowerCase();
  switch (sub) {
    case 'help':
      return { kind: 'help' };
    case 'accounts':
      return { kind: 'accounts' };
    case 'connections':
    case 'list':
      return { kind: 'connections', filter: rest.join(' ').trim() };
    case 'link': {
      const [ref, ...labelWords] = rest;
      if (ref === undefined) return { kind: 'link_modal', connectionRef: null };
      const customerLabel = labelWords.join(' ').trim();
      if (!customerLabel) return { kind: 'link_modal', connectionRef: ref.trim() };
      if (customerLabel.length > MAX_CUSTOMER_LABEL) {
        return {
          kind: 'invalid',
          message: `The customer label is ${customerLabel.length} characters long; use at most ${MAX_CUSTOMER_LABEL}.`,
          linkRefusal: 'label_invalid',
        };
      }
      return { kind: 'link', connectionRef: ref.trim(), customerLabel };
    }
    case 'redirect': {
      if (rest.length === 0) return { kind: 'redirect_modal' };
      const dryRun = rest.some((t) => /^(--dry-run|--dryrun|—dry-run)$/i.test(t));
      const args = rest.filter((t) => !/^(--dry-run|--dryrun|—dry-run)$/i.test(t));
      const [ref, url, ...extra] = args;
      if (ref === undefined || url === undefined) {
        return {
          kind: 'invalid',
          message: `Give a connection and the landing-page URL: \`${usage(command, 'redirect')}\` (or \`${command} redirect\` alone to open a form).`,
        };
      }
      if (extra.length > 0) {
        return {
          kind: 'invalid',
          message: `Too many words after the URL. Use \`${usage(command, 'redirect')}\`; put names with spaces in "double quotes".`,
        };
      }
      return { kind: 'redirect', connectionRef: ref.trim(), url: unwrapSlackLink(url.trim()), dryRun };
    }
    case 'status': {
      const [ref, ...extra] = rest;
      if (ref === undefined) {
        return { kind: 'invalid', message: `Say which connection: \`${usage(command, 'status')}\`.` };
      }
      if (extra.length > 0) {
        return {
          kind: 'invalid',
          message: `Put a connection name with spaces in "double quotes": \`${command} status "My connection"\`.`,
        };
      }
      return { kind: 'status', connectionRef: ref.trim() };
    }
    case 'audit': {
      const [ref, ...extra] = rest;
      if (extra.length > 0) {
        return {
          kind: 'invalid',
          message: `Put a connection name with spaces in "double quotes": \`${command} audit "My connection"\`.`,
        };
      }
      return { kind: 'audit', connectionRef: ref?.trim() || null };
    }
    default:
      return {
        kind: 'invalid',
        // clip, not slice: a cut must not split an emoji's surrogate pair (found by the property test).
        message: `“${clip(first, 40)}” is not something I know. Try \`${command} help\` to see what you can do.`,
      };
  }
}
