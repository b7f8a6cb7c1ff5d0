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
import type { FindingsStore } from '../../ports/storage.js';

export interface FindingLine {
  readonly status: 'pass' | 'warn' | 'skip';
  readonly text: string;
  readonly fix?: string;
}

export async function findingLines(config: Config, logger: Logger): Promise<FindingLine[]> {
  const storage = await openStorage(config.db, logger);
  try {
    const names = config.celigo.accounts.map((a) => a.name);
    const lines: FindingLine[] = [];
    // Findings are kept per Celigo account; with one account the lines read as before.
    for (const account of names.length > 0 ? names : [DEFAULT_ACCOUNT]) {
      const label = names.length > 1 ? `Celigo behaviour (${account})` : 'Celigo behaviour';
      lines.push(...accountLines(label, await storage.findings.get(account)));
    }
    return lines;
  } finally {
    await storage.close();
  }
}

function accountLines(label: string, findings: Awaited<ReturnType<FindingsStore['get']>>): FindingLine[] {
  if (findings.size === 0) {
    return [
      {
        status: 'skip',
        text: `${label}: not probed yet`,
        fix: 'run celigo-bot probe <connection> on a sandbox connection before the first real customer',
      },
    ];
  }
  const lines: FindingLine[] = [];
  if (redirectFieldIsUnsafe(findings)) {
    const source = findings.get('redirect_url_meaning')?.source === 'guard' ? 'seen on a real link' : 'probe';
    lines.push({
      status: 'warn',
      text: `${label}: oauth2RedirectUrl is the provider callback on this account (${source}): return relay and landing pages are off`,
      fix: 'nothing to do: links go straight to Celigo and completion is found by polling',
    });
  }
  if (landingChangesBlockedOnAuthorized(findings)) {
    lines.push({
      status: 'warn',
      text: `${label}: PATCH of the landing page is refused and secrets are masked: no landing-page changes on authorized connections`,
      fix: 'set landing pages in integrator.io, or before a connection is authorized',
    });
  }
  if (lines.length === 0) {
    lines.push({ status: 'pass', text: `${label}: probed (${findings.size} findings); the app's defaults hold` });
  }
  return lines;
}
