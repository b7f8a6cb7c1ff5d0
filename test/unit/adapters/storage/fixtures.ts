import type { AuditInput } from '../../../../src/domain/audit.js';
import type { AuthLink } from '../../../../src/domain/link.js';
import type { ConnectionCard, OutboxMessage, ThreadKey } from '../../../../src/domain/notification.js';

export const T0 = new Date('2030-01-02T03:04:05.678Z');
export const later = (ms: number, from: Date = T0): Date => new Date(from.getTime() + ms);

export const CONNECTION = 'a1b2c3d4e5f6a1b2c3d4e5f6';

export function makeLink(over: Partial<AuthLink> = {}): AuthLink {
  return {
    id: 'lnk_1',
    teamId: 'T1',
    channelId: 'C1',
    connectionId: CONNECTION,
    connectionName: 'Shopify (Acme)',
    customerLabel: 'Acme Corp',
    requestedBy: 'U1',
    tokenHash: null,
    state: 'pending',
    createdAt: T0,
    expiresAt: later(72 * 3600_000),
    offlineAtIssue: true,
    lastModifiedAtIssue: '2030-01-01T00:00:00.000Z',
    openedAt: null,
    closedAt: null,
    closedReason: null,
    ...over,
  };
}

export const threadKey = (channelId = 'C1', connectionId = CONNECTION, teamId = 'T1'): ThreadKey => ({
  teamId,
  channelId,
  connectionId,
});

export function makeCard(over: Partial<ConnectionCard> = {}): ConnectionCard {
  return {
    connectionId: CONNECTION,
    connectionName: 'Shopify (Acme)',
    state: 'offline',
    landingUrl: 'https://example.com/thanks',
    relayActive: false,
    pendingLink: null,
    lastEvent: null,
    updatedAt: T0.toISOString(),
    ...over,
  };
}

export function auditInput(over: Partial<AuditInput> = {}): AuditInput {
  return {
    teamId: 'T1',
    userId: 'U1',
    channelId: 'C1',
    action: 'link.generate',
    connectionId: CONNECTION,
    before: null,
    after: null,
    result: 'ok',
    detail: null,
    requestId: 'req-1',
    ...over,
  };
}

export const linkCreated = (thread: ThreadKey, linkId: string, url = `https://bot.example.com/l/${linkId}`) =>
  ({
    kind: 'reply',
    thread,
    ref: `link:${linkId}`,
    event: {
      type: 'link.created',
      linkId,
      by: 'U1',
      customerLabel: 'Acme Corp',
      expiresAt: later(3600_000).toISOString(),
      url,
      hosted: true,
      completionDetectable: true,
    },
  }) satisfies OutboxMessage;

export const linkOpened = (thread: ThreadKey, linkId: string) =>
  ({
    kind: 'reply',
    thread,
    event: { type: 'link.opened', linkId, customerLabel: 'Acme Corp' },
  }) satisfies OutboxMessage;

export const channelLine = (text: string, channelId = 'CAUDIT') =>
  ({ kind: 'channel_line', channelId, text }) satisfies OutboxMessage;
