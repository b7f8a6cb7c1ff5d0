/**
 * Several Celigo accounts behind the one CeligoGateway the use cases know. Ids going in and out are
 * connection keys (domain/account.ts); each call goes to its account's own gateway, so an account's token
 * only ever reaches that account's server.
 */
import { connectionKey, splitConnectionKey } from '../../domain/account.js';
import type { ConnectionSummary } from '../../domain/connection.js';
import type { AccountListing, CeligoAccountInfo, CeligoAccounts } from '../../ports/celigo-accounts.js';
import { CeligoError } from '../../ports/celigo-errors.js';
import type { CeligoGateway } from '../../ports/celigo-gateway.js';

export interface RoutedAccount {
  readonly info: CeligoAccountInfo;
  readonly gateway: CeligoGateway;
}

export interface AccountRouter {
  readonly gateway: CeligoGateway;
  readonly accounts: CeligoAccounts;
}

export function createAccountRouter(routed: readonly RoutedAccount[]): AccountRouter {
  const byName = new Map(routed.map((r) => [r.info.name, r]));

  const keyed = (account: string, c: ConnectionSummary): ConnectionSummary => ({
    ...c,
    id: connectionKey(account, c.id),
  });

  /** Runs `fn` on the account of `key` and labels any Celigo error with the account. */
  async function on<T>(key: string, fn: (g: CeligoGateway, id: string) => Promise<T>): Promise<T> {
    const { account, id } = splitConnectionKey(key);
    const target = byName.get(account);
    if (!target) {
      throw new CeligoError('not_found', `This app does not serve a Celigo account named ${account}.`, {
        method: 'GET',
        route: '/v1/connections/:id',
      });
    }
    return labelled(account, () => fn(target.gateway, id));
  }

  async function labelled<T>(account: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof CeligoError) err.account ??= account;
      throw err;
    }
  }

  async function listEach(names?: readonly string[]): Promise<AccountListing[]> {
    const targets = names ? routed.filter((r) => names.includes(r.info.name)) : routed;
    return Promise.all(
      targets.map(async ({ info, gateway }): Promise<AccountListing> => {
        try {
          const connections = await labelled(info.name, () => gateway.listConnections());
          return { account: info.name, ok: true, connections: connections.map((c) => keyed(info.name, c)) };
        } catch (err) {
          return { account: info.name, ok: false, error: err };
        }
      }),
    );
  }

  const gateway: CeligoGateway = {
    async tokenInfo() {
      const answers = await Promise.all(routed.map((r) => labelled(r.info.name, () => r.gateway.tokenInfo())));
      return answers[0] ?? { userId: '' };
    },
    async listConnections() {
      const listings = await listEach();
      const failed = listings.find((l) => !l.ok);
      if (failed && !failed.ok) throw failed.error;
      return listings.flatMap((l) => (l.ok ? l.connections : []));
    },
    getConnection: (key) => on(key, async (g, id) => keyed(splitConnectionKey(key).account, await g.getConnection(id))),
    getAuthorizationUrl: (key) => on(key, (g, id) => g.getAuthorizationUrl(id)),
    setRedirectUrl: (key, url) =>
      on(key, async (g, id) => {
        const update = await g.setRedirectUrl(id, url);
        return { ...update, connection: keyed(splitConnectionKey(key).account, update.connection) };
      }),
    ping: (key) => on(key, (g, id) => g.ping(id)),
    describeRedirectUpdate(key, before, url) {
      const { account, id } = splitConnectionKey(key);
      const target = byName.get(account) ?? routed[0];
      return target ? target.gateway.describeRedirectUpdate(id, before, url) : '';
    },
  };

  const accounts: CeligoAccounts = {
    list: routed.map((r) => r.info),
    names: routed.map((r) => r.info.name),
    listEach,
    tokenInfo: (account) => on(connectionKey(account, '000000000000000000000000'), (g) => g.tokenInfo()),
  };
  return { gateway, accounts };
}

/** One account named `default` around a single gateway (tests and tools that know only one). */
export const singleAccount = (gateway: CeligoGateway, host = 'integrator.io'): AccountRouter =>
  createAccountRouter([{ info: { name: 'default', region: null, host }, gateway }]);
