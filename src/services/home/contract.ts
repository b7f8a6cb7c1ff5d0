import type { AuthLink } from '../../domain/link.js';
import type { Watch } from '../../ports/storage.js';

/** A link row on the Home tab, with where its thread is (when the parent message has been posted). */
export interface HomeLink {
  readonly link: AuthLink;
  readonly threadTs: string | null;
}

export interface HomeOfflineConnection {
  readonly watch: Watch;
  /** The newest link of the connection: its thread, and the label that pre-fills Re-authorize. */
  readonly lastLink: AuthLink | null;
  readonly threadTs: string | null;
}

/** What the Home tab shows one user. The Slack layer turns it into a view. */
export interface HomeData {
  readonly teamId: string;
  readonly userId: string;
  readonly now: Date;
  readonly mine: {
    readonly pending: readonly HomeLink[];
    /** Connections this user handled last that went offline. */
    readonly needsReauthorization: readonly HomeOfflineConnection[];
    /** Completed and failed links of the last 30 days, newest first. */
    readonly recent: readonly HomeLink[];
  };
  /** Operators only: everyone's pending links and every offline watched connection. */
  readonly team: {
    readonly pending: readonly HomeLink[];
    readonly offline: readonly HomeOfflineConnection[];
  } | null;
}

export interface HomeService {
  /** Remembers that the user opened the tab (for re-publishing) and returns what to show. */
  opened(teamId: string, userId: string): Promise<HomeData>;
  /** What to show, without recording an opening (re-publish after a change). */
  data(teamId: string, userId: string): Promise<HomeData>;
}
