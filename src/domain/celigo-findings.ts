/**
 * What is known about how a Celigo account behaves where public sources disagree (docs/celigo-api.md).
 * Learned by `celigo-bot probe` or, for the redirect reading, by the authorization-URL guard at run time;
 * stored per account and read by the app to decide what it offers.
 */

export type FindingName =
  /** Q-redirect-url-meaning: `landing_page` (safe) or `provider_callback` (relay and landing pages break authorizations). */
  | 'redirect_url_meaning'
  /** Q-patch-redirect-url: `accepted` or `refused`. */
  | 'patch_redirect_url'
  /** Q-masked-secrets: `masked` or `clear`. */
  | 'get_masks_secrets'
  /** Q-authorization-url-key: `authorizationURL` or `authorizationUrl`. */
  | 'authorization_url_key'
  /** Q-ping-method: `POST`, `GET` or `both`. */
  | 'ping_method'
  /** Q-list-paging: `link_header` or `single_page`. */
  | 'list_paging';

export interface Finding {
  readonly account: string;
  readonly name: FindingName;
  readonly value: string;
  /** `probe` or `guard` (seen on a real authorization URL). */
  readonly source: 'probe' | 'guard';
  readonly at: Date;
}

/** The one account the app talks to today; kept as a key so several accounts can be told apart later. */
export const DEFAULT_ACCOUNT = 'default';

export type Findings = ReadonlyMap<FindingName, Finding>;

/** Celigo treats oauth2RedirectUrl as the provider callback: never point it at the relay or a landing page. */
export const redirectFieldIsUnsafe = (f: Findings): boolean =>
  f.get('redirect_url_meaning')?.value === 'provider_callback';

/** Landing-page changes cannot be written safely: PATCH is refused and GET masks secrets (no safe PUT). */
export const landingChangesBlockedOnAuthorized = (f: Findings): boolean =>
  f.get('patch_redirect_url')?.value === 'refused' && f.get('get_masks_secrets')?.value !== 'clear';

/** Plain-words explanation for the caller when relay and landing pages are off. */
export const UNSAFE_REDIRECT_EXPLANATION =
  'Celigo sends the customer’s authorization code to the connection’s landing-page address (it treats that field as the provider’s callback), so pointing it at this app or at a landing page would make every authorization fail at the last step.';
