export type RedirectChangeState = 'proposed' | 'applied' | 'cancelled' | 'undone' | 'failed' | 'expired';

/** A previewed redirect change: Confirm applies it, Undo restores `before`. Buttons carry only its id. */
export interface RedirectChange {
  readonly id: string;
  readonly teamId: string;
  readonly channelId: string;
  readonly connectionId: string;
  readonly connectionName: string;
  /** Value in Celigo's oauth2RedirectUrl at preview time. */
  readonly before: string | null;
  /** The landing page the user asked for. */
  readonly after: string | null;
  /** What goes into Celigo's oauth2RedirectUrl (the relay URL when PUBLIC_URL is set, else `after`). */
  readonly celigoValue: string | null;
  /** Landing page stored before the change (for Undo with the relay). */
  readonly landingBefore: string | null;
  readonly requestedBy: string;
  readonly state: RedirectChangeState;
  readonly createdAt: Date;
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
}
