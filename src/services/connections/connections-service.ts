import type { Action } from '../../domain/access.js';
import { type ConnectionSummary, connectionState, isOAuth2 } from '../../domain/connection.js';
import { isRelayUrl } from '../../domain/public-urls.js';
import type { AccessService } from '../access/contract.js';
import { resolveConnection } from '../accounts/index.js';
import { actorEntry } from '../common/audit-recorder.js';
import { isCeligoFailureCode } from '../common/celigo-failure.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor, CommonCode } from '../common/contracts.js';
import { fail, ok, type Result } from '../common/result.js';
import type { LandingPages } from '../landing/index.js';
import { HISTORY_LINKS, healthHistory } from '../status/index.js';
import type { ConnectionList, ConnectionStatusView, ConnectionsService } from './contract.js';

const SEARCH_LIMIT = 100;
const RECENT_LINKS = 5;

export function buildConnectionsService(
  ctx: ServiceContext,
  access: AccessService,
  landing: Pick<LandingPages, 'refusal'>,
): ConnectionsService {
  /** Q-list-paging: Celigo's list filters are unconfirmed, so OAuth 2.0 connections are picked out here. */
  async function matching(filter: string): Promise<ConnectionList> {
    const needle = filter.trim().toLowerCase();
    const listings = await ctx.accounts.listEach();
    const down = listings.flatMap((l) => (l.ok ? [] : [l]));
    // Every account down: the caller hears why, as with one account.
    if (down.length === listings.length && down[0]) throw down[0].error;
    const items: ConnectionList = listings
      .flatMap((l) => (l.ok ? l.connections.map((c) => ({ c, account: l.account })) : []))
      .filter(({ c }) => isOAuth2(c))
      .filter(({ c }) => !needle || c.name.toLowerCase().includes(needle) || c.id.toLowerCase().includes(needle))
      .map(({ c, account }) => ({ id: c.id, account, name: c.name, state: connectionState(c) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id.localeCompare(b.id));
    return down.length ? Object.assign(items, { unavailable: down.map((l) => l.account) }) : items;
  }

  const resolve = (ref: string) => resolveConnection(ctx, ref);

  /** Resolves, then applies the account's own narrowing (CELIGO_ACCOUNT_<NAME>_…), known only now. */
  async function resolveFor(actor: Actor, action: Action, ref: string): Promise<Result<ConnectionSummary, CommonCode>> {
    const found = await resolve(ref);
    if (!found.ok) return found;
    const allowed = await access.check(actor, action, found.value.id);
    return allowed.ok ? found : allowed;
  }

  async function listed(
    actor: Actor,
    filter: string,
    limit: number | null,
    audit: boolean,
  ): Promise<Result<ConnectionList, CommonCode>> {
    // A search runs per keystroke: its refusals are not audited one per keystroke.
    const allowed = await access.check(actor, 'list_connections', null, { repeated: !audit });
    if (!allowed.ok) return allowed;
    const found = await ctx.withCeligo(actor, 'connections.list', () => matching(filter), { detail: (f) => f.code });
    if (!found.ok) return fail(found.code, found.message);
    const items = found.value;
    if (audit) {
      await ctx.recordNow(
        actorEntry(actor, { action: 'connections.list', result: 'ok', detail: `${items.length} shown` }),
      );
    }
    return ok(limit === null ? items : (items.slice(0, limit) as ConnectionList));
  }

  return {
    list: (actor, filter) => listed(actor, filter, null, true),
    // The typeahead fires on every keystroke: access is checked, but only refusals and failures are audited.
    search: (actor, query) => listed(actor, query, SEARCH_LIMIT, false),
    resolve,
    resolveFor,
    async status(actor, ref) {
      const allowed = await access.check(actor, 'view_status');
      if (!allowed.ok) return allowed;
      const found = await resolveFor(actor, 'view_status', ref);
      if (!found.ok) {
        if (isCeligoFailureCode(found.code)) {
          await ctx.recordNow(actorEntry(actor, { action: 'connection.status', result: 'failed', detail: found.code }));
        }
        return found;
      }
      const connection = found.value;
      const [settings, pendingLinks, links, landingRefusal] = await Promise.all([
        ctx.storage.settings.get(connection.id),
        ctx.storage.links.findOpenByConnection(actor.teamId, connection.id),
        // Newest first: the recent ones for the list, all of them for the health history.
        ctx.storage.links.listByConnection(actor.teamId, connection.id, HISTORY_LINKS),
        landing.refusal(connection),
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
        recentLinks: links.slice(0, RECENT_LINKS),
        health: await healthHistory(ctx.storage, links, connection.id, ctx.clock.now()),
      };
      await ctx.recordNow(
        actorEntry(actor, { action: 'connection.status', result: 'ok', connectionId: connection.id }),
      );
      return ok(view);
    },
  };
}
