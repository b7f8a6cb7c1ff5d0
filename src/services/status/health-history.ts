import type { LinkState } from '../../domain/link.js';
import type { Storage } from '../../ports/storage.js';

/** `/celigo status`: the connection's health over time, from the app's own records (no Celigo call). */
export interface HealthHistory {
  readonly lastAuthorized: Date | null;
  readonly lastWentOffline: Date | null;
  readonly lastCameBack: Date | null;
  /** Links created in the last 30 days, by outcome (`pending` for the open ones). */
  readonly links30d: Readonly<Partial<Record<LinkState, number>>>;
}

const WINDOW_MS = 30 * 24 * 3_600_000;
/** Enough links to count a busy month; the count says "at least" beyond it. */
const MAX_LINKS = 500;

export async function healthHistory(
  storage: Storage,
  teamId: string,
  connectionId: string,
  now: Date,
): Promise<HealthHistory> {
  const since = new Date(now.getTime() - WINDOW_MS);
  const [links, entries] = await Promise.all([
    storage.links.listByConnection(teamId, connectionId, MAX_LINKS),
    // Only the state changes: the newest 200 entries of any kind would be mostly `/celigo status` itself
    // (read on every status command) and could push the last offline out of view.
    storage.audit.query({
      connectionId,
      actions: ['connection.offline', 'connection.online'],
      order: 'desc',
      limit: 200,
    }),
  ]);
  const newest = (action: string): Date | null => {
    const at = entries.find((e) => e.action === action)?.at;
    return at ? new Date(at) : null;
  };
  const links30d: Partial<Record<LinkState, number>> = {};
  for (const l of links) if (l.createdAt >= since) links30d[l.state] = (links30d[l.state] ?? 0) + 1;
  const lastAuthorized = links.find((l) => l.state === 'completed')?.closedAt ?? null;
  const lastWentOffline = newest('connection.offline');
  // Back online either by itself (connection.online) or by a completed authorization after going offline.
  const online = newest('connection.online');
  const byLink = lastAuthorized && lastWentOffline && lastAuthorized > lastWentOffline ? lastAuthorized : null;
  const lastCameBack = [online, byLink].filter((d): d is Date => d !== null).sort((a, b) => +b - +a)[0] ?? null;
  return { lastAuthorized, lastWentOffline, lastCameBack, links30d };
}
