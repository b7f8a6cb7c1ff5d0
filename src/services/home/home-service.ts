import type { AuthLink } from '../../domain/link.js';
import type { Watch } from '../../ports/storage.js';
import type { AccessService } from '../access/contract.js';
import type { ServiceContext } from '../common/context.js';
import type { HomeData, HomeLink, HomeOfflineConnection, HomeService } from './contract.js';

const RECENT_MS = 30 * 24 * 3_600_000;
/** Enough for the first pages; the view pages what it shows (Block Kit allows 100 blocks). */
const MAX_ROWS = 500;

export function buildHomeService(ctx: ServiceContext, access: AccessService): HomeService {
  const threadTs = async (link: Pick<AuthLink, 'teamId' | 'channelId' | 'connectionId'>): Promise<string | null> =>
    (await ctx.storage.threads.get(link))?.parentTs ?? null;
  const withThread = async (links: readonly AuthLink[]): Promise<HomeLink[]> =>
    Promise.all(links.map(async (link) => ({ link, threadTs: await threadTs(link) })));

  async function offlineRow(w: Watch): Promise<HomeOfflineConnection> {
    const [lastLink] = await ctx.storage.links.listByConnection(w.teamId, w.connectionId, 1);
    return { watch: w, lastLink: lastLink ?? null, threadTs: lastLink ? await threadTs(lastLink) : null };
  }

  async function data(teamId: string, userId: string): Promise<HomeData> {
    const now = ctx.clock.now();
    const view = await access.describe({ teamId, userId, channelId: null, requestId: `home:${userId}` });
    const operator = view.roles.has('operator');
    const [own, open, offline] = await Promise.all([
      ctx.storage.home.linksRequestedBy(teamId, userId, MAX_ROWS),
      operator ? ctx.storage.links.listOpen(MAX_ROWS) : Promise.resolve([]),
      ctx.storage.watches.listOffline(teamId),
    ]);
    const since = now.getTime() - RECENT_MS;
    const recent = own.filter(
      (l) => (l.state === 'completed' || l.state === 'failed') && (l.closedAt?.getTime() ?? 0) >= since,
    );
    return {
      teamId,
      userId,
      now,
      mine: {
        pending: await withThread(own.filter((l) => l.state === 'pending')),
        needsReauthorization: await Promise.all(
          offline
            .filter((w) => w.lastRequester === userId)
            .slice(0, MAX_ROWS)
            .map(offlineRow),
        ),
        recent: await withThread(recent.slice(0, 20)),
      },
      team: operator
        ? {
            pending: await withThread(open.filter((l) => l.teamId === teamId).reverse()),
            offline: await Promise.all(offline.slice(0, MAX_ROWS).map(offlineRow)),
          }
        : null,
    };
  }

  return {
    async opened(teamId, userId) {
      await ctx.storage.home.recordOpened(teamId, userId, ctx.clock.now());
      return data(teamId, userId);
    },
    data,
  };
}
