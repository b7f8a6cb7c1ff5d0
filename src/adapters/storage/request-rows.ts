import type { Insertable, Selectable } from 'kysely';
import { accountOf } from '../../domain/account.js';
import { date, iso } from './rows.js';
import type { RequestColumns } from './schema.js';

/** What a link and a redirect change both record: who asked, in which channel, about which connection, when. */
export interface RequestRecord {
  readonly id: string;
  readonly teamId: string;
  readonly channelId: string;
  readonly connectionId: string;
  readonly connectionName: string;
  readonly requestedBy: string;
  readonly createdAt: Date;
}

export function requestRow(x: RequestRecord): Insertable<RequestColumns> {
  return {
    id: x.id,
    team_id: x.teamId,
    channel_id: x.channelId,
    connection_id: x.connectionId,
    account: accountOf(x.connectionId),
    connection_name: x.connectionName,
    requested_by: x.requestedBy,
    created_at: iso(x.createdAt),
  };
}

export function requestRecord(r: Selectable<RequestColumns>): RequestRecord {
  return {
    id: r.id,
    teamId: r.team_id,
    channelId: r.channel_id,
    connectionId: r.connection_id,
    connectionName: r.connection_name,
    requestedBy: r.requested_by,
    createdAt: date(r.created_at),
  };
}
