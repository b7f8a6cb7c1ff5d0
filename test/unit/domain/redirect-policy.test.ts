import { describe, expect, test } from 'vitest';
import { checkRedirectUrl, hostMatches } from '../../../src/domain/redirect-policy.js';

const any = { allowedHosts: [] };
const partner = { allowedHosts: ['partner.com', '*.example.com'] };

describe('checkRedirectUrl', () => {
  test.each([
    ['https://partner.com/thanks', any],
    ['https://app.example.com/done?x=1', partner],
    ['http://localhost:3000/landing', any],
    ['http://127.0.0.1/landing', any],
  ])('accepts %s', (url, policy) => {
    expect(checkRedirectUrl(url, policy)).toBeNull();
  });

  test.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['partner.com/thanks', 'malformed'],
    ['http://partner.com/thanks', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['ftp://partner.com/', 'scheme'],
    ['https://user:pw@partner.com/', 'credentials'],
    [`https://partner.com/${'a'.repeat(2048)}`, 'too_long'],
  ])('refuses %s as %s', (url, violation) => {
    expect(checkRedirectUrl(url, any)?.violation).toBe(violation);
  });

  test('enforces the host allow-list, with *. matching subdomains only', () => {
    expect(checkRedirectUrl('https://evil.com/', partner)?.violation).toBe('host_not_allowed');
    expect(checkRedirectUrl('https://example.com/', partner)?.violation).toBe('host_not_allowed');
    expect(checkRedirectUrl('https://partner.com.evil.com/', partner)?.violation).toBe('host_not_allowed');
    expect(checkRedirectUrl('https://a.b.example.com/', partner)).toBeNull();
    expect(checkRedirectUrl('https://evil.com/', partner)?.message).toMatch(/not an allowed/);
  });

  test('hostMatches is case-insensitive', () => {
    expect(hostMatches('APP.Example.com', '*.example.com')).toBe(true);
    expect(hostMatches('partner.com', 'PARTNER.com')).toBe(true);
  });
});
