/** What the app remembers per connection. */
export interface ConnectionSettings {
  readonly connectionId: string;
  /** The landing page the user chose (where the relay forwards the browser). */
  readonly landingUrl: string | null;
  /** True when Celigo's oauth2RedirectUrl was pointed at this app's relay. */
  readonly relayActive: boolean;
  readonly updatedBy: string | null;
  readonly updatedAt: Date;
}
