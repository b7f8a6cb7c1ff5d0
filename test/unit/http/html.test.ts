import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, escapeHtml, renderPage } from '../../../src/http/html.js';
import { formatUtc } from '../../../src/http/pages.js';

describe('escapeHtml', () => {
  it('leaves no character that can open a tag or end an attribute, and round-trips', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"']/);
        const back = e
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        expect(back).toBe(s);
      }),
    );
  });
});

describe('renderPage', () => {
  it('is a complete accessible document whose only style is allowed by the CSP hash', () => {
    const html = renderPage({ title: 'T', heading: 'H', paragraphs: ['p'] });
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<title>T</title>');
    expect(html).toContain('<h1>H</h1>');
    expect(html).not.toMatch(/<script|style="/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    // Chrome checks form-action against the redirects after Continue (to Celigo, then any provider).
    expect(CONTENT_SECURITY_POLICY).not.toContain('form-action');
  });
});

describe('formatUtc', () => {
  it('writes the expiry in words, in UTC', () => {
    expect(formatUtc(new Date('2030-01-06T00:05:00Z'))).toBe('Sunday 6 January 2030 at 00:05 UTC');
    expect(formatUtc(new Date('2030-05-14T23:59:59Z'))).toBe('Tuesday 14 May 2030 at 23:59 UTC');
  });
});
