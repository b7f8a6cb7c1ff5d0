/**
 * Opens what `audit export` and `audit verify` need: the database and the AuditService over it. The CLI is
 * its own small composition root; the audit commands never call Slack or Celigo, so those ports are
 * stand-ins that refuse to be used (and need no tokens).
 */
import { openStorage } from '../adapters/storage/index.js';
import { AppError } from '../errors.js';
import { createLogger } from '../logger.js';
import type { CeligoGateway } from '../ports/celigo-gateway.js';
import { systemClock } from '../ports/clock.js';
import type { StaffDirectory } from '../ports/staff-directory.js';
import type { AuditService } from '../services/index.js';
import { createAuditService } from '../services/index.js';
import type { CliIo } from './output.js';
import { loadAuditConfig } from './settings.js';

const unavailable = (): Promise<never> =>
  Promise.reject(new AppError('cli_unavailable', 'The audit commands do not call Slack or Celigo.'));

const noCeligo: CeligoGateway = {
  tokenInfo: unavailable,
  listConnections: unavailable,
  getConnection: unavailable,
  getAuthorizationUrl: unavailable,
  setRedirectUrl: unavailable,
  describeRedirectUpdate: () => {
    throw new AppError('cli_unavailable', 'The audit commands do not call Slack or Celigo.');
  },
  ping: unavailable,
};

const noDirectory: StaffDirectory = { membersOf: unavailable };

/** Runs `fn` with an AuditService over the configured database, and always closes the database. */
export async function withAuditService(io: CliIo, fn: (audit: AuditService) => Promise<number>): Promise<number> {
  const config = loadAuditConfig(io.env);
  // Logs go to stderr (warnings only), never to stdout where the export is written.
  const logger = createLogger({ level: 'warn', destination: io.stderr });
  const storage = await openStorage(config.db, logger);
  try {
    const audit = createAuditService({
      config,
      storage,
      celigo: noCeligo,
      directory: noDirectory,
      clock: systemClock,
      logger,
    });
    return await fn(audit);
  } finally {
    await storage.close();
  }
}
