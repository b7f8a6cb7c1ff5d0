/**
 * The customer-facing HTML: one small accessible layout (lang, title, headings, readable without CSS,
 * mobile viewport) and the security headers every page carries. Every piece of text passed in is escaped
 * here, so callers hand over plain strings, never markup.
 */
import { createHash } from 'node:crypto';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });

// The only style on the pages; allowed by its hash so the CSP needs no 'unsafe-inline'.
const STYLE = [
  'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;margin:0;padding:1.5rem;color:#1d1d1f;background:#f6f7f9}',
  'main{max-width:34rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem 1.75rem;box-shadow:0 1px 4px rgba(0,0,0,.12)}',
  'h1{font-size:1.4rem;margin:0 0 1rem}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.35rem 1rem;margin:1rem 0}',
  'dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}',
  'button{font:inherit;font-weight:600;padding:.7rem 1.4rem;border:0;border-radius:8px;background:#0b5cad;color:#fff;cursor:pointer}',
  'button:focus-visible{outline:3px solid #f5a623;outline-offset:2px}',
  '.note{color:#555;font-size:.9rem}',
].join('');

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/**
 * No form-action directive: Chrome applies form-action to every redirect that follows a form POST, and the
 * Continue button's 303 goes to Celigo and then to whichever OAuth provider the connection uses — hosts we
 * cannot list. default-src 'none' does not cover form-action, so the form may post and redirect freely.
 */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src ${STYLE_HASH}; img-src 'none'; frame-ancestors 'none'; base-uri 'none'`;

/** Headers on every response of these routes (HTML, text, JSON and redirects alike). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

export interface PageContent {
  readonly title: string;
  readonly heading: string;
  /** Paragraphs of plain text (escaped here). */
  readonly paragraphs?: readonly string[];
  /** Term/description pairs shown as a definition list (escaped here). */
  readonly details?: ReadonlyArray<{ readonly term: string; readonly value: string; readonly datetime?: string }>;
  /** A POST form with one real button; `action` is a path this app built (escaped anyway). */
  readonly form?: { readonly action: string; readonly button: string };
  /** Small print under everything (escaped here). */
  readonly note?: string;
}

export function renderPage(p: PageContent): string {
  const paragraphs = (p.paragraphs ?? []).map((t) => `<p>${escapeHtml(t)}</p>`).join('\n');
  const details = p.details?.length
    ? `<dl>\n${p.details
        .map(
          (d) =>
            `<dt>${escapeHtml(d.term)}</dt><dd>${
              d.datetime
                ? `<time datetime="${escapeHtml(d.datetime)}">${escapeHtml(d.value)}</time>`
                : escapeHtml(d.value)
            }</dd>`,
        )
        .join('\n')}\n</dl>`
    : '';
  const form = p.form
    ? `<form method="post" action="${escapeHtml(p.form.action)}"><button type="submit">${escapeHtml(p.form.button)}</button></form>`
    : '';
  const note = p.note ? `<p class="note">${escapeHtml(p.note)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(p.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(p.heading)}</h1>
${[paragraphs, details, form, note].filter(Boolean).join('\n')}
</main>
</body>
</html>
`;
}
