import { isRelayUrl, relayUrl } from '../../domain/public-urls.js';

/**
 * The relay-or-direct decision, in one place. With PUBLIC_URL, Celigo's oauth2RedirectUrl points at this app's
 * return relay, which forwards customers to the stored landing page; without it, Celigo holds the landing page
 * itself.
 */
export const celigoValueFor = (
  publicUrl: string | null,
  connectionId: string,
  landing: string | null,
): string | null => (publicUrl !== null ? relayUrl(publicUrl, connectionId) : landing);

/** The landing page as people see it: the stored one while Celigo points at the relay, else Celigo's value. */
export const shownLanding = (
  publicUrl: string | null,
  celigoValue: string | null,
  stored: string | null,
): string | null => (isRelayUrl(publicUrl, celigoValue) ? stored : celigoValue);
