import type { AuditAction } from '../../domain/audit.js';
import type { AuthLink, LinkState } from '../../domain/link.js';
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
export const HISTORY_LINKS = 500;

/**
 * `links` are the connection's newest links, newest first, up to HISTORY_LINKS (the status command reads
 * them once for this and for its list of recent links).
 */
export async function healthHistory(
  storage: Storage,
  links: readonly AuthLink[],
  connectionId: string,
  now: Date,
): Promise<HealthHistory> {
  const since = new Date(now.getTime() - WINDOW_MS);
  // The newest entry of each state change, by its own index seek: most of a connection's entries are
  // `/celigo status` itself, and walking back through them made every status slower than the last.
  const newest = async (action: AuditAction): Promise<Date | null> => {
    const [entry] = await storage.audit.query({ connectionId, actions: [action], order: 'desc', limit: 1 });
    return entry ? new Date(entry.at) : null;
  };
  const [lastWentOffline, online] = await Promise.all([newest('connection.offline'), newest('connection.online')]);
  const links30d: Partial<Record<LinkState, number>> = {};
  for (const l of links) if (l.createdAt >= since) links30d[l.state] = (links30d[l.state] ?? 0) + 1;
  const lastAuthorized = links.find((l) => l.state === 'completed')?.closedAt ?? null;
  // Back online either by itself (connection.online) or by a completed authorization after going offline.
  const byLink = lastAuthorized && lastWentOffline && lastAuthorized > lastWentOffline ? lastAuthorized : null;
  const lastCameBack = [online, byLink].filter((d): d is Date => d !== null).sort((a, b) => +b - +a)[0] ?? null;
  return { lastAuthorized, lastWentOffline, lastCameBack, links30d };
}
