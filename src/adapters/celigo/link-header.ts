/**
 * RFC 8288 `Link` header parsing for Celigo list paging (docs/celigo-api.md, Q-list-paging):
 * `Link: <https://api.integrator.io/v1/connections?skip=100&limit=100>; rel="next", <…>; rel="prev"`.
 */

/** rel → target (as written, not resolved). Tolerates several headers, extra params and unquoted rels. */
export function parseLinkHeader(header: string | string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (header === undefined) return out;
  const text = Array.isArray(header) ? header.join(', ') : header;
  const linkPattern = /<([^>]*)>((?:\s*;\s*[^;,<]+)*)/g;
  for (const m of text.matchAll(linkPattern)) {
    const target = m[1]?.trim() ?? '';
    const params = m[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    const rels = (rel?.[1] ?? rel?.[2] ?? '').trim().toLowerCase();
    for (const r of rels.split(/\s+/)) {
      if (r && !out.has(r)) out.set(r, target);
    }
  }
  return out;
}

/**
 * The next page's URL, resolved against the page just read (so relative links work). Returns undefined
 * when there is no next page; throws when the link is malformed or points at another origin, which
 * we refuse to follow with our bearer token.
 */
export function nextPageUrl(header: string | string[] | undefined, current: URL): URL | undefined {
  const target = parseLinkHeader(header).get('next');
  if (target === undefined || target === '') return undefined;
  let next: URL;
  try {
    next = new URL(target, current);
  } catch {
    throw new Error('The next-page link is not a valid URL.');
  }
  if (next.origin !== current.origin) throw new Error('The next-page link points at another host.');
  return next;
}
