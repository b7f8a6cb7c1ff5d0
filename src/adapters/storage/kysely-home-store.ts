import type { Kysely } from 'kysely';
import type { HomeStore, RedirectSeenStore, ReminderKind, ReminderStore } from '../../ports/home-storage.js';
import { newestLinks } from './kysely-link-store.js';
import { limitLiteral } from './prepared.js';
import { changedOne, iso } from './rows.js';
import type { Database } from './schema.js';

export class KyselyReminderStore implements ReminderStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The primary key decides: two replicas racing on one reminder get one `true`. */
  async claim(linkId: string, kind: ReminderKind, at: Date): Promise<boolean> {
    const row = await this.db
      .insertInto('link_reminders')
      .values({ link_id: linkId, kind, sent_at: iso(at) })
      .onConflict((oc) => oc.columns(['link_id', 'kind']).doNothing())
      .returning('link_id')
      .executeTakeFirst();
    return row !== undefined;
  }
}

export class KyselyHomeStore implements HomeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async recordOpened(teamId: string, userId: string, at: Date): Promise<void> {
    await this.db
      .insertInto('home_views')
      .values({ team_id: teamId, user_id: userId, opened_at: iso(at) })
      .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ opened_at: iso(at) }))
      .execute();
  }

  async openedSince(teamId: string, userIds: readonly string[], since: Date): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('home_views')
      .select('user_id')
      .where('team_id', '=', teamId)
      .where('user_id', 'in', [...userIds])
      .where('opened_at', '>=', iso(since))
      .execute();
    return rows.map((r) => r.user_id);
  }

  async lastOpened(): Promise<Date | null> {
    const row = await this.db
      .selectFrom('home_views')
      .select('opened_at')
      .orderBy('opened_at', 'desc')
      .limit(limitLiteral(1))
      .executeTakeFirst();
    return row ? new Date(row.opened_at) : null;
  }

  linksRequestedBy(teamId: string, userId: string, limit: number) {
    return newestLinks(this.db, { team_id: teamId, requested_by: userId }, limit);
  }
}

export class KyselyRedirectSeenStore implements RedirectSeenStore {
  constructor(private readonly db: Kysely<Database>) {}

  async getMany(connectionIds: readonly string[]): Promise<Map<string, string | null>> {
    const seen = new Map<string, string | null>();
    for (const ids of chunks([...new Set(connectionIds)])) {
      const rows = await this.db
        .selectFrom('redirect_seen')
        .select(['connection_id', 'value'])
        .where('connection_id', 'in', ids)
        .execute();
      for (const r of rows) seen.set(r.connection_id, r.value);
    }
    return seen;
  }

  async baselineMany(sightings: ReadonlyArray<{ connectionId: string; value: string | null }>, at: Date) {
    const byId = new Map(sightings.map((s) => [s.connectionId, s.value]));
    for (const ids of chunks([...byId.keys()])) {
      await this.db
        .insertInto('redirect_seen')
        .values(ids.map((id) => ({ connection_id: id, value: byId.get(id) ?? null, seen_at: iso(at) })))
        .onConflict((oc) => oc.column('connection_id').doNothing())
        .execute();
    }
  }

  async change(connectionId: string, expected: string | null, value: string | null, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('redirect_seen')
      .set({ value, seen_at: iso(at) })
      .where('connection_id', '=', connectionId)
      .where((eb) => (expected === null ? eb('value', 'is', null) : eb('value', '=', expected)))
      .executeTakeFirst();
    return changedOne(result);
  }
}

/** Bulk statements in slices that stay well under either database's limit on bound parameters. */
function chunks<T>(items: readonly T[], size = 250): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
