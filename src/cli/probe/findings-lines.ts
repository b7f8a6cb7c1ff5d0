/**
 * What `celigo-bot doctor` says about the stored Celigo findings (probe or the authorization-URL guard):
 * the ones that change what the app does, or a hint to run the probe when none are stored.
 */
import { openStorage } from '../../adapters/storage/index.js';
import type { Config } from '../../config.js';
import {
  DEFAULT_ACCOUNT,
  landingChangesBlockedOnAuthorized,
  redirectFieldIsUnsafe,
} from '../../domain/celigo-findings.js';
import type { Logger } from '../../logger.js';

export interface FindingLine {
  readonly status: 'pass' | 'warn' | 'skip';
  readonly text: string;
  readonly fix?: string;
}

export async function findingLines(config: Config, logger: Logger): Promise<FindingLine[]> {
  const storage = await openStorage(config.db, logger);
  try {
    const findings = await storage.findings.get(DEFAULT_ACCOUNT);
    if (findings.size === 0) {
      return [
        {
          status: 'skip',
          text: 'Celigo behaviour: not probed yet',
          fix: 'run celigo-bot probe <connection> on a sandbox connection before the first real customer',
        },
      ];
    }
    const lines: FindingLine[] = [];
    if (redirectFieldIsUnsafe(findings)) {
      const source = findings.get('redirect_url_meaning')?.source === 'guard' ? 'seen on a real link' : 'probe';
      lines.push({
        status: 'warn',
        text: `Celigo behaviour: oauth2RedirectUrl is the provider callback on this account (${source}): return relay and landing pages are off`,
        fix: 'nothing to do: links go straight to Celigo and completion is found by polling',
      });
    }
    if (landingChangesBlockedOnAuthorized(findings)) {
      lines.push({
        status: 'warn',
        text: 'Celigo behaviour: PATCH of the landing page is refused and secrets are masked: no landing-page changes on authorized connections',
        fix: 'set landing pages in integrator.io, or before a connection is authorized',
      });
    }
    if (lines.length === 0) {
      lines.push({
        status: 'pass',
        text: `Celigo behaviour: probed (${findings.size} findings); the app's defaults hold`,
      });
    }
    return lines;
  } finally {
    await storage.close();
  }
}
