/** `/celigo status <connection>`: state, landing page, relay and links. */
import type { KnownBlock } from '@slack/types';
import type { ConnectionState } from '../domain/connection.js';
import type { AuthLink } from '../domain/link.js';
import type { HealthHistory } from '../services/status/health-history.js';
import { STATE_LABEL } from './connection-card.js';
import { context, fields, header, type SlackMessage, section } from './elements.js';
import { escapeMrkdwn, mention, safe, slackDate, urlOrNotSet } from './escape.js';
import { healthSection } from './health-history.js';

export interface StatusInput {
  readonly connection: { readonly id: string; readonly name: string; readonly redirectUrl: string | undefined };
  readonly state: ConnectionState;
  readonly landingUrl: string | null;
  readonly relayActive: boolean;
  readonly pendingLinks: readonly AuthLink[];
  readonly recentLinks: readonly AuthLink[];
  readonly landingRefusal?: string | null;
  readonly health?: HealthHistory | undefined;
}

const linkLine = (l: AuthLink): string =>
  `• ${safe(l.customerLabel || 'customer', 120)} — ${escapeMrkdwn(l.state)} — by ${mention(l.requestedBy)}, ${slackDate(
    l.createdAt,
  )}${l.state === 'pending' ? `, expires ${slackDate(l.expiresAt)}` : ''}`;

export function statusMessage(s: StatusInput): SlackMessage {
  const blocks: KnownBlock[] = [
    header(s.connection.name || s.connection.id),
    fields([
      `*Connection ID*\n\`${escapeMrkdwn(s.connection.id)}\``,
      `*State*\n${STATE_LABEL[s.state]}`,
      `*Landing page*\n${urlOrNotSet(s.landingUrl, 1800)}`,
      `*Return relay*\n${s.relayActive ? 'on' : 'off'}`,
      `*Celigo redirect URL*\n${urlOrNotSet(s.connection.redirectUrl, 1800)}`,
    ]),
  ];
  if (s.landingRefusal) blocks.push(section(`*Landing pages and return relay: off*\n${safe(s.landingRefusal, 600)}`));
  blocks.push(
    section(
      `*Pending links*\n${s.pendingLinks.length ? s.pendingLinks.slice(0, 10).map(linkLine).join('\n') : 'none'}`,
    ),
  );
  const older = s.recentLinks.filter((l) => l.state !== 'pending').slice(0, 5);
  if (older.length) blocks.push(section(`*Recent links*\n${older.map(linkLine).join('\n')}`));
  if (s.health) blocks.push(healthSection(s.health));
  blocks.push(context(['Only you can see this.']));
  return { text: `Status of ${safe(s.connection.name || s.connection.id, 200)}: ${s.state}`, blocks };
}
