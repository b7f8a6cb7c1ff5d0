import type { AuditAction, AuditEntry, AuditInput } from '../domain/audit.js';
import type { Finding, FindingName, Findings } from '../domain/celigo-findings.js';
import type { ConnectionSettings } from '../domain/connection-settings.js';
import type { AuthLink, LinkState } from '../domain/link.js';
import type { ConnectionCard, OutboxMessage, ThreadKey } from '../domain/notification.js';
import type { RedirectChange, RedirectChangeState } from '../domain/redirect-change.js';
import type { Watch } from '../domain/watch.js';
import type { HomeStore, RedirectSeenStore, ReminderStore } from './home-storage.js';

/**
 * Persistence, in domain terms. One Kysely implementation serves SQLite and PostgreSQL
 * (adapters/storage). `transaction` runs `fn` atomically: a use case's link row, audit entry and
 * outbox messages are committed together or not at all.
 */
export interface Storage extends Stores {
  transaction<T>(fn: (tx: Stores) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after outbox messages were stored by this process (after the commit, when enqueued in
   * a transaction), so the delivery worker starts at once instead of finding them on its next poll.
   */
  onOutboxEnqueued(listener: () => void): void;
  /** Cheap round trip, for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface Stores {
  readonly links: LinkStore;
  readonly threads: ThreadStore;
  readonly settings: ConnectionSettingsStore;
  readonly redirectChanges: RedirectChangeStore;
  readonly watches: WatchStore;
  readonly audit: AuditLog;
  readonly outbox: Outbox;
  readonly idempotency: IdempotencyStore;
  readonly findings: FindingsStore;
  readonly reminders: ReminderStore;
  readonly home: HomeStore;
  readonly redirectSeen: RedirectSeenStore;
}

/** A second pending link for a (team, connection) that already has one: another request won the race. */
export class PendingLinkConflictError extends Error {
  constructor(readonly connectionId: string) {
    super('A pending link already exists for this connection.');
    this.name = 'PendingLinkConflictError';
  }
}

export interface LinkStore {
  /** Throws PendingLinkConflictError when a pending link of the same team and connection exists. */
  insert(link: AuthLink): Promise<void>;
  get(id: string): Promise<AuthLink | undefined>;
  findByTokenHash(tokenHash: string): Promise<AuthLink | undefined>;
  /** Open (`pending`) links for a connection in a team, newest first (any channel). */
  findOpenByConnection(teamId: string, connectionId: string): Promise<AuthLink[]>;
  /** All `pending` links, oldest first. */
  listOpen(limit?: number): Promise<AuthLink[]>;
  /** How many links are `pending` (metrics: counted in the database, no rows read). */
  countOpen(): Promise<number>;
  /** Newest links of a connection (any state), newest first. */
  listByConnection(teamId: string, connectionId: string, limit: number): Promise<AuthLink[]>;
  /**
   * Compare-and-set: moves the link from `from` to `to` only if it is still in `from`.
   * Returns false when another worker or replica got there first; the caller then does nothing.
   */
  transition(id: string, from: LinkState, to: LinkState, at: Date, reason: string | null): Promise<boolean>;
  /** Records the first time the hosted page's Continue was used; returns false if already set. */
  markOpened(id: string, at: Date): Promise<boolean>;
  /** Records a press of Continue (every one, unlike markOpened). */
  markContinued(id: string, at: Date): Promise<void>;
  /** When Continue was last pressed for this link; null if never. */
  lastContinuedAt(id: string): Promise<Date | null>;
  /**
   * After the app itself wrote to the connection: every pending link of it (all teams) takes Celigo's new
   * `lastModified` as its baseline, so the app's own write is never read as a customer's authorization.
   */
  rebaseline(connectionId: string, lastModified: string): Promise<number>;
}

/** The thread's parent message (connection card) per (team, channel, connection). */
export interface ThreadRecord {
  readonly key: ThreadKey;
  /** null until the card has been posted. */
  readonly parentTs: string | null;
  readonly card: ConnectionCard;
  readonly updatedAt: Date;
}

export interface ThreadStore {
  get(key: ThreadKey): Promise<ThreadRecord | undefined>;
  /** Creates or replaces the stored card (not the ts). */
  saveCard(key: ThreadKey, card: ConnectionCard, at: Date): Promise<void>;
  /** Records the parent ts once posted; returns false if a ts was already recorded (another replica won). */
  setParentTs(key: ThreadKey, ts: string): Promise<boolean>;
  /** Every thread of a connection (all channels), for broadcast events like "went offline". */
  listByConnection(teamId: string | null, connectionId: string): Promise<ThreadRecord[]>;
  /** Message refs (e.g. `link:<id>`) → where the reply was posted, so it can be edited later. */
  saveMessageRef(ref: string, channelId: string, ts: string): Promise<void>;
  getMessageRef(ref: string): Promise<{ channelId: string; ts: string } | undefined>;
}

export interface ConnectionSettingsStore {
  get(connectionId: string): Promise<ConnectionSettings | undefined>;
  save(settings: ConnectionSettings): Promise<void>;
}

export interface RedirectChangeStore {
  insert(change: RedirectChange): Promise<void>;
  get(id: string): Promise<RedirectChange | undefined>;
  /** Compare-and-set on state, so a double-clicked Confirm applies once. */
  transition(id: string, from: RedirectChangeState, to: RedirectChangeState, by: string, at: Date): Promise<boolean>;
  /** The team's applied changes of a connection, most recently decided first (at most `limit`). */
  listApplied(teamId: string, connectionId: string, limit: number): Promise<RedirectChange[]>;
}

export interface WatchStore {
  /** Adds or refreshes the watch (keeps lastOffline unless given). */
  upsert(w: Watch): Promise<void>;
  /** Every watch (the poll round). Per-request paths use `get` or `listOffline`, never this. */
  list(): Promise<Watch[]>;
  get(connectionId: string): Promise<Watch | undefined>;
  /** The team's watches last seen offline, by connection id. */
  listOffline(teamId: string): Promise<Watch[]>;
  /** Compare-and-set on lastOffline so only one replica announces a flip. */
  recordState(
    connectionId: string,
    expected: boolean | null,
    offline: boolean,
    lastModified: string | null,
    at: Date,
  ): Promise<boolean>;
}

export interface AuditQuery {
  readonly connectionId?: string;
  readonly userId?: string;
  /** Only these actions. */
  readonly actions?: readonly AuditAction[];
  readonly since?: Date;
  readonly until?: Date;
  /** Entries with seq < beforeSeq (paging backwards from the newest). */
  readonly beforeSeq?: number;
  readonly limit?: number;
  readonly order?: 'asc' | 'desc';
}

/** Append-only, hash-chained (domain/audit.ts). Appends are serialized across replicas. */
export interface AuditLog {
  /** With `key` (AUDIT_KEY) the entry's hash is an HMAC-SHA-256, recorded as scheme `hmac-sha256`. */
  append(input: AuditInput, at: Date, key?: Uint8Array | null): Promise<AuditEntry>;
  query(q: AuditQuery): Promise<AuditEntry[]>;
  /** Every entry in seq order, in pages, for verify and export. */
  iterate(batchSize?: number): AsyncIterable<AuditEntry>;
  /** The recorded head (last seq and hash), to detect deletion of the newest entries. */
  head(): Promise<{ seq: number; hash: string } | undefined>;
  /**
   * Compare-and-set of the day (YYYY-MM-DD, UTC) the head was last anchored: moves it to `day` and returns
   * the head when it was earlier (and the log is not empty); undefined when another replica got there first.
   */
  claimDailyAnchor(day: string): Promise<{ seq: number; hash: string } | undefined>;
}

export interface OutboxItem {
  readonly id: number;
  readonly message: OutboxMessage;
  readonly attempts: number;
  readonly createdAt: Date;
}

/** What `claim` handed out, as the worker gives it back. */
export type ClaimedItem = Pick<OutboxItem, 'id' | 'message'>;

export interface Outbox {
  /** Stores messages for delivery, in order. A `dedupeKey` already stored is silently skipped. */
  enqueue(messages: readonly OutboxMessage[], at: Date, dedupeKey?: string): Promise<void>;
  /**
   * Leases up to `limit` due items to `owner` for `leaseMs`. Items sharing an ordering key (the thread,
   * or the ref's thread) are delivered in order: only the oldest undelivered item of each key is handed out.
   */
  claim(owner: string, now: Date, leaseMs: number, limit: number): Promise<OutboxItem[]>;
  /**
   * Marks a claimed item delivered; returns false if the lease was lost (another worker took it). The item's
   * message is what was claimed, so a customer link in it is scrubbed from the stored payload without a read.
   */
  markSent(item: ClaimedItem, owner: string, at: Date): Promise<boolean>;
  /** Schedules a retry at `retryAt`, or gives up (`dead`, its customer link scrubbed) after too many attempts. */
  markFailed(item: ClaimedItem, owner: string, error: string, retryAt: Date, dead: boolean): Promise<void>;
  /** Counts by status, for metrics and the sandbox. */
  stats(): Promise<{ pending: number; sent: number; dead: number }>;
  /** Deletes items delivered before `olderThan` (retention); pending and dead items stay. Returns the count. */
  purgeSent(olderThan: Date): Promise<number>;
}

/** De-duplicates double clicks and double submissions across replicas. */
export interface IdempotencyStore {
  /** True the first time a key is claimed; false afterwards. */
  claim(key: string, at: Date): Promise<boolean>;
  /** Frees a claimed key after the work it guarded failed, so the user can simply submit again. */
  release(key: string): Promise<void>;
  /** Forgets keys claimed before `olderThan` (retention). Returns the count. */
  purge(olderThan: Date): Promise<number>;
}

/** What is known about a Celigo account's behaviour (domain/celigo-findings.ts). */
export interface FindingsStore {
  /** Every finding of the account, by name (empty when never probed). */
  get(account: string): Promise<Findings>;
  /** Creates or replaces one finding. */
  save(finding: Finding): Promise<void>;
  /** Forgets one finding (the app goes back to its default assumption). */
  remove(account: string, name: FindingName): Promise<void>;
}

// Domain records the stores keep; re-exported so callers that think in stores find them here too.
export type { ConnectionSettings, RedirectChange, RedirectChangeState, Watch };
