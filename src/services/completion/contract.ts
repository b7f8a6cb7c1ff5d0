/** Noticing that a customer finished (the return relay, polling). */

export interface RelayOutcome {
  /** Where to send the browser: the chosen landing page, or null for the "you can close this tab" page. */
  readonly forwardTo: string | null;
  readonly status: 'completed' | 'failed' | 'pending' | 'unknown_connection';
  /** True when a pending link was waiting for this return; other arrivals are only counted in metrics. */
  readonly matched?: boolean;
}

export interface CompletionService {
  /**
   * The customer's browser came back to the relay. A trigger only: checks Celigo, announces
   * completion only if Celigo reports the connection online; an `error` query value is only a hint (told
   * to the thread once if Continue was just pressed; the link stays open). `params` holds the query
   * string; only known names are logged or audited, never values.
   */
  relayArrived(connectionId: string, params: URLSearchParams, requestId: string): Promise<RelayOutcome>;
  /** One polling round: pending links (bulk), expiry, watched connections going offline/online. */
  pollOnce(): Promise<PollReport>;
}

export interface PollReport {
  readonly checkedLinks: number;
  readonly completed: number;
  readonly expired: number;
  readonly wentOffline: number;
  readonly celigoCalls: number;
}
