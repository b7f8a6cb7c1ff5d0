/** `/celigo accounts`: each Celigo account with its region, whether its token works and its OAuth 2.0 count. */
import { isOAuth2 } from '../../domain/connection.js';
import type { AccessService } from '../access/contract.js';
import { actorEntry } from '../common/audit-recorder.js';
import { celigoFailure } from '../common/celigo-failure.js';
import type { ServiceContext } from '../common/context.js';
import { ok } from '../common/result.js';
import type { AccountOverview, AccountsService } from './contract.js';

export function buildAccountsService(ctx: ServiceContext, access: AccessService): AccountsService {
  return {
    names: () => ctx.accounts.names,
    async overview(actor) {
      const allowed = await access.check(actor, 'list_connections');
      if (!allowed.ok) return allowed;
      // One listing per account: it proves the token and counts the connections in one call.
      const listings = await ctx.accounts.listEach();
      const rows = ctx.accounts.list.map((info): AccountOverview => {
        const listing = listings.find((l) => l.account === info.name);
        if (listing?.ok) {
          return { ...info, token: 'accepted', oauth2Connections: listing.connections.filter(isOAuth2).length };
        }
        const kind = listing ? celigoFailure(listing.error).code : 'celigo_unavailable';
        return { ...info, token: kind === 'celigo_auth' ? 'refused' : 'unreachable', oauth2Connections: null };
      });
      await ctx.recordNow(
        actorEntry(actor, { action: 'connections.list', result: 'ok', detail: `${rows.length} accounts` }),
      );
      return ok(rows);
    },
  };
}
