/** Connections the app has handled and watches for going offline (re-authorization needed). */
export interface Watch {
  readonly connectionId: string;
  readonly teamId: string;
  readonly connectionName: string;
  /** Last `offline` seen; null before the first check. */
  readonly lastOffline: boolean | null;
  readonly lastModified: string | null;
  readonly lastRequester: string | null;
  readonly checkedAt: Date | null;
}
