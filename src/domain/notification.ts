import type { ConnectionState } from './connection.js';

/** One thread per connection per channel. */
export interface ThreadKey {
  readonly teamId: string;
  readonly channelId: string;
  readonly connectionId: string;
}

export const threadKeyString = (k: ThreadKey): string => `${k.teamId}:${k.channelId}:${k.connectionId}`;

/** What the parent message (the connection card) shows; re-rendered and edited as things change. */
export interface ConnectionCard {
  readonly connectionId: string;
  readonly connectionName: string;
  readonly state: ConnectionState;
  /** Where the customer lands after authorizing (the chosen landing page), if any. */
  readonly landingUrl: string | null;
  /** True when the connection's oauth2RedirectUrl points at this app's return relay. */
  readonly relayActive: boolean;
  readonly pendingLink: {
    readonly customerLabel: string;
    readonly requestedBy: string;
    readonly expiresAt: string;
  } | null;
  readonly lastEvent: string | null;
  /** ISO time of this snapshot. */
  readonly updatedAt: string;
}

/**
 * Events posted as thread replies. Rendering (Block Kit, mentions, escaping) is the Slack adapter's job.
 * `url` on link.created is the link to give the customer: the hosted page (PUBLIC_URL) or Celigo's
 * authorization URL. It is sensitive: it lives only in the outbox until delivered, never in logs or audit.
 */
export type ThreadEvent =
  | {
      readonly type: 'redirect.changed';
      readonly by: string;
      readonly before: string | null;
      readonly after: string | null;
      readonly changeId: string;
      readonly viaRelay: boolean;
      /** Set when the reply is edited because its Undo no longer applies: why (a newer change replaced it…). */
      readonly undoClosed?: string;
    }
  | {
      readonly type: 'redirect.undone';
      readonly by: string;
      readonly before: string | null;
      readonly after: string | null;
      readonly changeId: string;
    }
  | {
      readonly type: 'relay.set';
      readonly by: string;
      readonly before: string | null;
      readonly landingUrl: string | null;
    }
  | {
      /** The authorization-URL guard withheld a link: Celigo used oauth2RedirectUrl as the provider callback. */
      readonly type: 'redirect.guarded';
      /** Who created the link, or null when a customer pressed Continue. */
      readonly by: string | null;
      readonly customerLabel: string | null;
      readonly restored: boolean;
      readonly restoredTo: string | null;
    }
  | {
      readonly type: 'link.created';
      readonly linkId: string;
      readonly by: string;
      readonly customerLabel: string;
      readonly expiresAt: string;
      readonly url: string;
      readonly hosted: boolean;
      /** False when the connection was already online at issue (Q-offline-signal): completion cannot be detected from `offline`. */
      readonly completionDetectable: boolean;
    }
  | { readonly type: 'link.opened'; readonly linkId: string; readonly customerLabel: string }
  /** The provider sent the customer back with an error; a hint only: the link stays usable. */
  | {
      readonly type: 'link.not_finished';
      readonly linkId: string;
      readonly customerLabel: string;
      readonly reason: string;
    }
  | {
      readonly type: 'link.completed';
      readonly linkId: string;
      readonly requestedBy: string;
      readonly customerLabel: string;
    }
  | {
      readonly type: 'link.failed';
      readonly linkId: string;
      readonly requestedBy: string;
      readonly customerLabel: string;
      readonly reason: string;
    }
  | {
      readonly type: 'link.expired';
      readonly linkId: string;
      readonly requestedBy: string;
      readonly customerLabel: string;
    }
  | { readonly type: 'link.replaced'; readonly linkId: string; readonly customerLabel: string; readonly by: string }
  | { readonly type: 'link.revoked'; readonly linkId: string; readonly customerLabel: string; readonly by: string }
  | {
      readonly type: 'link.dead_link_used';
      readonly linkId: string;
      readonly customerLabel: string;
      readonly state: string;
    }
  | {
      /** The landing page was changed outside this app (integrator.io, another tool). */
      readonly type: 'redirect.drift';
      readonly before: string | null;
      readonly after: string | null;
      /** The change took the return relay out: completions are found by polling only. */
      readonly relayRemoved: boolean;
      /** Where the relay would forward customers if put back (the stored landing page, else the new value). */
      readonly landingUrl: string | null;
    }
  | {
      /** A pending link still unused: not opened yet, soon expiring, or opened but not finished. */
      readonly type: 'link.reminder';
      readonly linkId: string;
      readonly kind: 'not_opened' | 'not_finished';
      readonly requestedBy: string;
      readonly customerLabel: string;
      /** Computed when the reminder was due, so a late delivery does not change the wording. */
      readonly expiresInMs: number;
      readonly openedAgoMs: number | null;
    }
  | {
      readonly type: 'connection.offline';
      readonly connectionName: string;
      readonly lastRequester: string | null;
      /** Pre-fills the Re-authorize form's customer field. */
      readonly lastCustomerLabel?: string | null;
    }
  | { readonly type: 'connection.online'; readonly connectionName: string }
  /** The connection's Celigo account did not answer a poll (told once per outage). */
  | { readonly type: 'account.unavailable'; readonly account: string; readonly reason: string };

/** Something to deliver to Slack. Stored in the outbox first; a worker delivers it with retries. */
export type OutboxMessage =
  /** Post the thread's parent message if it does not exist yet, otherwise edit it. */
  | { readonly kind: 'card'; readonly thread: ThreadKey; readonly card: ConnectionCard }
  /** Reply in the thread (posting the card first if needed). `ref` names the reply so it can be edited later. */
  | { readonly kind: 'reply'; readonly thread: ThreadKey; readonly event: ThreadEvent; readonly ref?: string }
  /** Edit an earlier reply found by its `ref` (e.g. the old link message after it was replaced). */
  | { readonly kind: 'edit'; readonly thread: ThreadKey; readonly ref: string; readonly event: ThreadEvent }
  /** One short line to the audit channel (AUDIT_CHANNEL_ID). */
  | { readonly kind: 'channel_line'; readonly channelId: string; readonly text: string }
  /** Re-publish a user's Home tab (something of theirs changed and they looked at it recently). */
  | { readonly kind: 'home'; readonly teamId: string; readonly userId: string };

/** Messages sharing an ordering key are delivered strictly in order (the thread, or the audit channel). */
export const orderingKey = (m: OutboxMessage): string =>
  m.kind === 'channel_line'
    ? `channel:${m.channelId}`
    : m.kind === 'home'
      ? `home:${m.teamId}:${m.userId}`
      : `thread:${threadKeyString(m.thread)}`;

export const linkMessageRef = (linkId: string): string => `link:${linkId}`;

/** The "Landing page changed" reply of an applied change, edited when its Undo no longer applies. */
export const changeMessageRef = (changeId: string): string => `change:${changeId}`;
