/**
 * Opens what `audit export` and `audit verify` need: the database and an audit reader over it. The CLI is
 * its own small composition root; the audit commands read the log only, so they need neither Celigo nor
 * Slack (nor their tokens).
 */
import { openStorage } from '../adapters/storage/index.js';
import { createLogger } from '../logger.js';
import { type AuditReader, createAuditReader } from '../services/index.js';
import type { CliIo } from './output.js';
import { loadAuditConfig } from './settings.js';

/** Runs `fn` with an audit reader over the configured database, and always closes the database. */
export async function withAuditReader(io: CliIo, fn: (audit: AuditReader) => Promise<number>): Promise<number> {
  const config = loadAuditConfig(io.env);
  // Logs go to stderr (warnings only), never to stdout where the export is written.
  const logger = createLogger({ level: 'warn', destination: io.stderr });
  const storage = await openStorage(config.db, logger);
  try {
    return await fn(createAuditReader(storage, config.audit.key));
  } finally {
    await storage.close();
  }
}
