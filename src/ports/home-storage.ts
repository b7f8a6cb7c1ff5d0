import type { AuthLink } from '../domain/link.js';

/** Which reminder a pending link got: the one after creation (LINK_REMIND_AFTER) or the one before expiry. */
export type ReminderKind = 'after_creation' | 'before_expiry';

export interface ReminderStore {
  /** Insert-if-absent on (link, kind): true for the one caller (round, replica) that may send it. */
  claim(linkId: string, kind: ReminderKind, at: Date): Promise<boolean>;
}

/** What the Home tab needs beyond the other stores. */
export interface HomeStore {
  /** Remembers that the user opened the Home tab now. */
  recordOpened(teamId: string, userId: string, at: Date): Promise<void>;
  /** Of `userIds`, those who opened the Home tab at or after `since`. */
  openedSince(teamId: string, userIds: readonly string[], since: Date): Promise<string[]>;
  /** When anyone last opened the Home tab (proof that Slack delivers app_home_opened); null if never. */
  lastOpened(): Promise<Date | null>;
  /** Links the user requested (any state), newest first. */
  linksRequestedBy(teamId: string, userId: string, limit: number): Promise<AuthLink[]>;
}

/** The landing page (oauth2RedirectUrl) last seen in Celigo's listing, per watched connection. */
export interface RedirectSeenStore {
  /** The last seen value of each of these connections that was ever seen (a polling round reads them at once). */
  getMany(connectionIds: readonly string[]): Promise<Map<string, string | null>>;
  /** Records first sightings in bulk; a connection already seen keeps its value. */
  baselineMany(sightings: ReadonlyArray<{ connectionId: string; value: string | null }>, at: Date): Promise<void>;
  /** Compare-and-set from `expected` to `value`: true for the one round or replica that saw the change. */
  change(connectionId: string, expected: string | null, value: string | null, at: Date): Promise<boolean>;
}
