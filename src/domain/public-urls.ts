/**
 * The app's public routes, built from PUBLIC_URL. One place, so services that hand out URLs
 * and routes that serve them cannot drift apart.
 */
export const ROUTES = {
  /** GET: the hosted customer link page. */
  linkPage: '/l/:token',
  /** POST: Continue → fresh Celigo authorization URL → 303 redirect. */
  linkContinue: '/l/:token/continue',
  /** GET: where Celigo sends the customer's browser after authorizing (oauth2RedirectUrl). */
  relay: '/relay/:connectionId',
  health: '/healthz',
  ready: '/readyz',
  metrics: '/metrics',
} as const;

export const linkPageUrl = (publicUrl: string, token: string): string => `${publicUrl}/l/${encodeURIComponent(token)}`;

export const linkContinuePath = (token: string): string => `/l/${encodeURIComponent(token)}/continue`;

export const relayUrl = (publicUrl: string, connectionId: string): string =>
  `${publicUrl}/relay/${encodeURIComponent(connectionId)}`;

/** True when a Celigo oauth2RedirectUrl already points at this app's relay. */
export const isRelayUrl = (publicUrl: string | null, value: string | null | undefined): boolean =>
  publicUrl !== null && typeof value === 'string' && value.startsWith(`${publicUrl}/relay/`);
