import { type ConnectionSummary, connectionState, isConnectionId, isOAuth2 } from '../domain/connection.js';
import { isRelayUrl } from '../domain/public-urls.js';
import { clip } from '../domain/text.js';
import { byActor, entry } from './audit-recorder.js';
import { celigoFailure, isCeligoFailureCode } from './celigo-failure.js';
import type { ServiceContext } from './context.js';
import type {
  AccessService,
  Actor,
  CommonCode,
  ConnectionListItem,
  ConnectionStatusView,
  ConnectionsService,
} from './contracts.js';
import { landingChangeRefusal } from './landing-policy.js';
import { fail, ok, type Result } from './result.js';
import { healthHistory } from './status/health-history.js';

const SEARCH_LIMIT = 100;
const RECENT_LINKS = 5;

export function buildConnectionsService(ctx: ServiceContext, access: AccessService): ConnectionsService {
  /** Q-list-paging: Celigo's list filters are unconfirmed, so OAuth 2.0 connections are picked out here. */
  async function matching(filter: string): Promise<ConnectionListItem[]> {
    const needle = filter.trim().toLowerCase();
    return (await ctx.celigo.listConnections())
      .filter(isOAuth2)
      .filter((c) => !needle || c.name.toLowerCase().includes(needle) || c.id.toLowerCase().includes(needle))
      .map((c) => ({ id: c.id, name: c.name, state: connectionState(c) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
  }

  async function resolve(ref: string): Promise<Result<ConnectionSummary, CommonCode>> {
    const text = ref.trim();
    if (!text) return fail('connection_not_found', 'Name a connection: its 24-character ID or its exact name.');
    try {
      if (isConnectionId(text)) return ok(await ctx.celigo.getConnection(text.toLowerCase()));
      const lower = text.toLowerCase();
      const found = (await ctx.celigo.listConnections()).filter((c) => isOAuth2(c) && c.name.toLowerCase() === lower);
      const [only] = found;
      if (only && found.length === 1) return ok(only);
      if (!only) {
        return fail(
          'connection_not_found',
          `No OAuth 2.0 connection is named “${clip(text, 100)}”. Use \`${ctx.config.slack.command} connections\` to see them, or give the connection’s ID.`,
        );
      }
      return fail(
        'connection_ambiguous',
        `${found.length} connections are named “${clip(text, 100)}”: ${found.map((c) => c.id).join(', ')}. Use one of these IDs instead.`,
      );
    } catch (err) {
      const f = celigoFailure(err);
      if (f.code === 'connection_not_found') {
        return fail('connection_not_found', `Celigo has no connection with the ID ${text}.`);
      }
      return fail(f.code, f.message);
    }
  }

  async function listed(
    actor: Actor,
    filter: string,
    limit: number | null,
    audit: boolean,
  ): Promise<Result<ConnectionListItem[], CommonCode>> {
    // A search runs per keystroke: its refusals are not audited one per keystroke.
    const allowed = await access.check(actor, 'list_connections', null, { repeated: !audit });
    if (!allowed.ok) return allowed;
    try {
      const items = await matching(filter);
      if (audit) {
        await ctx.recordNow(
          entry({ ...byActor(actor), action: 'connections.list', result: 'ok', detail: `${items.length} shown` }),
        );
      }
      return ok(limit === null ? items : items.slice(0, limit));
    } catch (err) {
      const f = celigoFailure(err);
      await ctx.recordNow(entry({ ...byActor(actor), action: 'connections.list', result: 'failed', detail: f.code }));
      return fail(f.code, f.message);
    }
  }

  return {
    list: (actor, filter) => listed(actor, filter, null, true),
    // The typeahead fires on every keystroke: access is checked, but only refusals and failures are audited.
    search: (actor, query) => listed(actor, query, SEARCH_LIMIT, false),
    resolve,
    async status(actor, ref) {
      const allowed = await access.check(actor, 'view_status');
      if (!allowed.ok) return allowed;
      const found = await resolve(ref);
      if (!found.ok) {
        if (isCeligoFailureCode(found.code)) {
          await ctx.recordNow(
            entry({ ...byActor(actor), action: 'connection.status', result: 'failed', detail: found.code }),
          );
        }
        return found;
      }
      const connection = found.value;
      const [settings, pendingLinks, recentLinks, landingRefusal] = await Promise.all([
        ctx.storage.settings.get(connection.id),
        ctx.storage.links.findOpenByConnection(actor.teamId, connection.id),
        ctx.storage.links.listByConnection(actor.teamId, connection.id, RECENT_LINKS),
        landingChangeRefusal(ctx, connection),
      ]);
      // Celigo is the truth for whether the relay is in place; the stored landing page only counts then.
      const relayActive = isRelayUrl(ctx.config.http.publicUrl, connection.redirectUrl);
      const view: ConnectionStatusView = {
        connection,
        state: connectionState(connection),
        landingUrl: relayActive ? (settings?.landingUrl ?? null) : (connection.redirectUrl ?? null),
        relayActive,
        landingRefusal,
        pendingLinks,
        recentLinks,
        health: await healthHistory(ctx.storage, actor.teamId, connection.id, ctx.clock.now()),
      };
      await ctx.recordNow(
        entry({ ...byActor(actor), action: 'connection.status', result: 'ok', connectionId: connection.id }),
      );
      return ok(view);
    },
  };
}
