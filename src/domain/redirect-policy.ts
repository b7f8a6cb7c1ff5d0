/** Rules for a landing page (`oauth2RedirectUrl`) a user may set. Pure; checked server-side on every path. */
export interface RedirectPolicy {
  /** Hostnames; `*.example.com` matches subdomains of example.com (not example.com itself). Empty = any host. */
  readonly allowedHosts: readonly string[];
}

export type RedirectViolation = 'empty' | 'too_long' | 'malformed' | 'scheme' | 'credentials' | 'host_not_allowed';

export const MAX_REDIRECT_URL_LENGTH = 2048;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function hostMatches(host: string, pattern: string): boolean {
  const h = host.toLowerCase();
  const p = pattern.trim().toLowerCase();
  if (p.startsWith('*.')) {
    const base = p.slice(2);
    return h.endsWith(`.${base}`) && h.length > base.length + 1;
  }
  return h === p;
}

/** Returns null when the URL may be used, otherwise the violation and a plain-words message. */
export function checkRedirectUrl(
  raw: string,
  policy: RedirectPolicy,
): { violation: RedirectViolation; message: string } | null {
  const text = raw.trim();
  if (!text) return { violation: 'empty', message: 'Enter a URL, for example https://example.com/thanks.' };
  if (text.length > MAX_REDIRECT_URL_LENGTH) {
    return { violation: 'too_long', message: `The URL is longer than ${MAX_REDIRECT_URL_LENGTH} characters.` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      violation: 'malformed',
      message: 'That is not a valid URL. Use a full address such as https://example.com/thanks.',
    };
  }
  const local = LOCAL_HOSTS.has(url.hostname.toLowerCase());
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && local))) {
    return {
      violation: 'scheme',
      message: 'The URL must start with https:// (plain http is allowed only for localhost).',
    };
  }
  if (url.username || url.password) {
    return { violation: 'credentials', message: 'The URL must not contain a user name or password.' };
  }
  if (!url.hostname) return { violation: 'malformed', message: 'The URL has no host name.' };
  if (policy.allowedHosts.length > 0 && !policy.allowedHosts.some((p) => hostMatches(url.hostname, p))) {
    return {
      violation: 'host_not_allowed',
      message: `${url.hostname} is not an allowed landing-page host. Allowed: ${policy.allowedHosts.join(', ')}.`,
    };
  }
  return null;
}
