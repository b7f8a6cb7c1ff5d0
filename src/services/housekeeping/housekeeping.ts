import type { Logger } from '../../logger.js';
import { createLoop, type Loop } from '../../loop.js';
import type { Clock } from '../../ports/clock.js';
import type { Storage } from '../../ports/storage.js';
import { anchorToday } from '../common/audit-anchor.js';

export const DEFAULT_RETENTION_MS = 7 * 86_400_000;

export interface Housekeeper extends Loop {
  /** One round: forget delivered outbox items and idempotency keys older than the retention. */
  runOnce(): Promise<{ outbox: number; idempotencyKeys: number }>;
  /** With an audit channel: post the audit head there once a UTC day (one replica). True when this one did. */
  anchorOnce(): Promise<boolean>;
}

/**
 * Keeps the working tables small. Delivered Slack messages and idempotency keys are only needed for a
 * short while (retries, double clicks, "someone tried a dead link" once an hour); the audit log, links and
 * undelivered or dead outbox items are never touched. Safe on several replicas: deletes are idempotent,
 * and the daily audit anchor is claimed by compare-and-set.
 */
export function createHousekeeper(opts: {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  retentionMs?: number;
  intervalMs?: number;
  /** AUDIT_CHANNEL_ID: where the daily audit anchor goes (none when null). */
  auditChannelId?: string | null;
}): Housekeeper {
  const retentionMs = opts.retentionMs ?? DEFAULT_RETENTION_MS;
  const log = opts.logger.child({ module: 'housekeeping' });
  const runOnce = async () => {
    const cutoff = new Date(opts.clock.now().getTime() - retentionMs);
    const outbox = await opts.storage.outbox.purgeSent(cutoff);
    const idempotencyKeys = await opts.storage.idempotency.purge(cutoff);
    if (outbox || idempotencyKeys) log.info({ outbox, idempotencyKeys }, 'Old delivered messages and keys removed.');
    return { outbox, idempotencyKeys };
  };
  const anchorOnce = async () => {
    const channelId = opts.auditChannelId;
    if (!channelId) return false;
    const now = opts.clock.now();
    return opts.storage.transaction((tx) => anchorToday(tx, channelId, now));
  };
  const loop = createLoop({
    intervalMs: opts.intervalMs ?? 3_600_000,
    logger: log,
    what: 'Housekeeping',
    run: async () => {
      await runOnce();
      await anchorOnce();
    },
  });
  return { ...loop, runOnce, anchorOnce };
}
