/**
 * `celigo-bot probe <connection>`: runs the checks of probe-checks.ts against one connection (a sandbox one,
 * before the first real customer), stores what they found for the app to use, and prints a table (or JSON).
 * Exit 0 when the app's default assumptions hold, 1 when something should change (each change is named).
 */
import { CeligoTransport, createCeligoGateway } from '../../adapters/celigo/index.js';
import { openStorage } from '../../adapters/storage/index.js';
import { loadConfig } from '../../config.js';
import { connectionKey, parseConnectionRef } from '../../domain/account.js';
import { isConnectionId } from '../../domain/connection.js';
import { relayUrl } from '../../domain/public-urls.js';
import { createLogger } from '../../logger.js';
import { CeligoError } from '../../ports/celigo-errors.js';
import type { CeligoGateway } from '../../ports/celigo-gateway.js';
import { type CliIo, write } from '../output.js';
import { PROBE_CHECKS, type ProbeCheck, type ProbeResult, type ProbeTarget } from './probe-checks.js';
import { renderProbeTable } from './probe-table.js';

/** Written for a moment when PUBLIC_URL is not set: a reserved example address nobody can be sent to usefully. */
export const HARMLESS_PROBE_URL = 'https://example.com/celigo-bot-probe';

export async function probeCommand(io: CliIo, ref: string, json: boolean): Promise<number> {
  const config = loadConfig(io.env);
  const logger = createLogger({ level: 'error', destination: io.stderr });
  // `<account>/<id or name>` probes that account (findings are kept per account); otherwise the first one.
  const accounts = config.celigo.accounts;
  const parsed = parseConnectionRef(
    ref,
    accounts.map((a) => a.name),
  );
  const account = accounts.find((a) => a.name === parsed.account) ?? accounts[0];
  if (account === undefined) {
    await write(io.stderr, 'celigo-bot probe: no Celigo account is configured.\n');
    return 2;
  }
  const connectionRef = parsed.text;
  const clientOptions = {
    baseUrl: account.baseUrl,
    apiToken: account.apiToken,
    timeoutMs: config.celigo.timeoutMs,
    maxRetries: config.celigo.maxRetries,
    logger,
  };
  const client = new CeligoTransport(clientOptions);
  const gateway = createCeligoGateway(clientOptions);
  const storage = await openStorage(config.db, logger);
  try {
    const connectionId = await resolve(gateway, connectionRef);
    if (connectionId === undefined) {
      await write(io.stderr, `celigo-bot probe: no OAuth 2.0 connection is called exactly "${connectionRef}".\n`);
      return 1;
    }
    const target: ProbeTarget = {
      client,
      gateway,
      connectionId,
      probeValue:
        config.http.publicUrl === null
          ? HARMLESS_PROBE_URL
          : relayUrl(config.http.publicUrl, connectionKey(account.name, connectionId)),
    };
    const results: ProbeResult[] = [];
    for (const check of PROBE_CHECKS) results.push(await runCheck(check, target));
    const final = withCombinedChanges(results);
    const at = new Date();
    for (const r of final) {
      if (r.finding) await storage.findings.save({ account: account.name, ...r.finding, source: 'probe', at });
    }
    const changes = final.filter((r) => r.change !== undefined);
    if (json) {
      await write(io.stdout, `${JSON.stringify({ connectionId, ok: changes.length === 0, checks: final }, null, 2)}\n`);
    } else {
      await write(io.stdout, renderProbeTable(connectionId, final));
    }
    return changes.length === 0 ? 0 : 1;
  } finally {
    await Promise.allSettled([client.close(), gateway.close(), storage.close()]);
  }
}

async function resolve(gateway: CeligoGateway, ref: string): Promise<string | undefined> {
  if (isConnectionId(ref)) return ref;
  const matches = (await gateway.listConnections()).filter((c) => c.name === ref);
  return matches.length === 1 ? matches[0]?.id : undefined;
}

/** A check that fails is reported as a row (its message only: ours are free of secrets), not as a crash. */
async function runCheck(check: ProbeCheck, t: ProbeTarget): Promise<ProbeResult> {
  try {
    return await check.run(t);
  } catch (err) {
    if (!(err instanceof CeligoError)) throw err;
    return {
      check: check.check,
      settles: check.settles,
      found: `not settled: ${err.message}`,
      change:
        err.kind === 'unsafe_update'
          ? 'not checkable on this connection: probe one that holds no secrets yet (a fresh sandbox connection)'
          : 'run the probe again once Celigo answers',
    };
  }
}

/** PATCH refused while GET masks secrets: no safe way to write the field (a PUT would send "******" back). */
function withCombinedChanges(results: ProbeResult[]): ProbeResult[] {
  const value = (name: string) => results.find((r) => r.finding?.name === name)?.finding?.value;
  if (value('patch_redirect_url') !== 'refused' || value('get_masks_secrets') === 'clear') return results;
  return results.map((r) =>
    r.finding?.name === 'patch_redirect_url'
      ? {
          ...r,
          change:
            'landing-page changes on authorized connections: off (stored; set landing pages in integrator.io instead)',
        }
      : r,
  );
}
