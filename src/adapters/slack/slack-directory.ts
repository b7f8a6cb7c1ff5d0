/**
 * Resolves Slack user groups (`S…`) to their members for access rules, with a short cache so a burst of
 * clicks costs one `usergroups.users.list`. Failures (no such group, `plan_upgrade_required`, Slack down)
 * count as "no members" — access is denied rather than granted — and are not cached.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import type { StaffDirectory } from '../../ports/staff-directory.js';
import { classifySlackError } from './slack-errors.js';

export function createSlackDirectory(
  client: WebClient,
  opts: { ttlMs: number; logger: Logger; now?: () => number },
): StaffDirectory & { invalidate(groupId?: string): void } {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { at: number; members: Promise<ReadonlySet<string>> }>();

  const load = async (groupId: string): Promise<ReadonlySet<string>> => {
    try {
      const r = await client.usergroups.users.list({ usergroup: groupId });
      return new Set(r.users ?? []);
    } catch (err) {
      cache.delete(groupId);
      opts.logger.warn({ groupId, code: classifySlackError(err).code }, 'Could not list the members of a user group.');
      return new Set();
    }
  };

  return {
    membersOf(groupId) {
      const hit = cache.get(groupId);
      if (hit && now() - hit.at < opts.ttlMs) return hit.members;
      const members = load(groupId);
      cache.set(groupId, { at: now(), members });
      return members;
    },
    invalidate(groupId) {
      if (groupId === undefined) cache.clear();
      else cache.delete(groupId);
    },
  };
}
