import { describe, expect, it } from 'vitest';
import { checkAuthorizationUrl, needsRedirectUrlToDecide } from '../../../src/domain/authorization-url-guard.js';

const auth = (redirectUri?: string): string => {
  const u = new URL('https://provider.example/oauth/authorize?client_id=c&state=s');
  if (redirectUri !== undefined) u.searchParams.set('redirect_uri', redirectUri);
  return u.toString();
};
const RELAY = 'https://bot.example/relay/0123456789abcdef01234567';

describe('checkAuthorizationUrl', () => {
  it('passes Celigo’s own callback, whatever the field holds', () => {
    expect(checkAuthorizationUrl(auth('https://api.integrator.io/connection/oauth2callback'), RELAY)).toBe(
      'celigo_callback',
    );
    expect(checkAuthorizationUrl(auth('https://api.eu.integrator.io/connection/oauth2callback/'), null)).toBe(
      'celigo_callback',
    );
  });

  it('stops a redirect_uri that equals the connection’s oauth2RedirectUrl (relay or landing page)', () => {
    expect(checkAuthorizationUrl(auth(RELAY), RELAY)).toBe('dangerous');
    expect(checkAuthorizationUrl(auth('https://Partner.example'), 'https://partner.example/')).toBe('dangerous');
  });

  it('passes a URL without redirect_uri, and another redirect_uri that is not the field', () => {
    expect(checkAuthorizationUrl(auth(), RELAY)).toBe('no_redirect_uri');
    expect(checkAuthorizationUrl(auth('https://elsewhere.example/cb'), RELAY)).toBe('other_redirect_uri');
    expect(checkAuthorizationUrl(auth('https://elsewhere.example/cb'), null)).toBe('other_redirect_uri');
    expect(checkAuthorizationUrl('not a url', RELAY)).toBe('no_redirect_uri');
  });

  it('needs the field only when redirect_uri is present and not plainly Celigo’s', () => {
    expect(needsRedirectUrlToDecide(auth())).toBe(false);
    expect(needsRedirectUrlToDecide(auth('https://api.integrator.io/connection/oauth2callback'))).toBe(false);
    expect(needsRedirectUrlToDecide(auth(RELAY))).toBe(true);
  });
});
