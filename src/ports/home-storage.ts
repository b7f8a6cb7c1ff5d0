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
  /** Links the user requested (any state), newest first. */
  linksRequestedBy(teamId: string, userId: string, limit: number): Promise<AuthLink[]>;
}
