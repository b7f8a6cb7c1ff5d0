/**
 * The doctor's Celigo check, once per account: is the token accepted, and by the region it was set for?
 * Lines are written here from codes and names only, never from a token or a library's error text.
 */
import { createCeligoGateway } from '../../adapters/celigo/index.js';
import type { AccountConfig, Config } from '../../config.js';
import { accountEnvSuffix, DEFAULT_ACCOUNT } from '../../domain/account.js';
import type { Logger } from '../../logger.js';
import { CeligoError } from '../../ports/celigo-errors.js';
import { type CheckLine, errorReason } from './check-line.js';

async function tokenAccepted(
  baseUrl: string,
  apiToken: string,
  config: Config,
  logger: Logger,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; err: unknown }> {
  const gateway = createCeligoGateway({
    baseUrl,
    apiToken,
    timeoutMs: Math.min(timeoutMs, config.celigo.timeoutMs),
    maxRetries: 0,
    logger,
  });
  try {
    await gateway.tokenInfo();
    return { ok: true };
  } catch (err) {
    return { ok: false, err };
  } finally {
    await gateway.close().catch(() => undefined);
  }
}

/** Names and setting names for one account: the single `default` account keeps the classic settings. */
function wording(account: AccountConfig, config: Config) {
  const single = config.celigo.accounts.length === 1 && account.name === DEFAULT_ACCOUNT;
  const suffix = accountEnvSuffix(account.name);
  return {
    label: single ? 'Celigo API token' : `Celigo account ${account.name}`,
    tokenVar: single ? 'CELIGO_API_TOKEN' : `CELIGO_API_TOKEN_${suffix}`,
    regionFix: (other: string) =>
      single ? `set CELIGO_REGION=${other}` : `write ${account.name}=${other} in CELIGO_ACCOUNTS`,
    urlFix: single ? 'check CELIGO_API_URL and network access to it' : `check ${account.name}’s URL in CELIGO_ACCOUNTS`,
    regionCheck: single ? 'CELIGO_REGION (us or eu)' : `${account.name}’s region in CELIGO_ACCOUNTS (us or eu)`,
  };
}

export async function checkCeligoAccount(
  account: AccountConfig,
  config: Config,
  logger: Logger,
  timeoutMs: number,
  regionUrls: { readonly us: string; readonly eu: string },
): Promise<CheckLine> {
  const w = wording(account, config);
  const region = account.region;
  const baseUrl = region === null ? account.baseUrl : regionUrls[region];
  const first = await tokenAccepted(baseUrl, account.apiToken, config, logger, timeoutMs);
  if (first.ok) return { status: 'pass', text: `${w.label}: accepted by ${baseUrl}` };

  const err = first.err;
  if (err instanceof CeligoError && err.kind === 'auth') {
    // Regions are separate tenants: a US token is refused by the EU API and vice versa.
    if (region !== null) {
      const other = region === 'us' ? 'eu' : 'us';
      const second = await tokenAccepted(regionUrls[other], account.apiToken, config, logger, timeoutMs);
      if (second.ok) {
        return {
          status: 'fail',
          text: `${w.label}: refused by ${baseUrl}, but accepted by ${regionUrls[other]}`,
          fix: `your token belongs to the ${other.toUpperCase()} region: ${w.regionFix(other)}`,
        };
      }
    }
    return {
      status: 'fail',
      text: `${w.label}: refused by ${baseUrl} (HTTP ${err.status ?? '401'})`,
      fix: `create a token under Resources → API tokens in integrator.io (Full access, or Custom with your OAuth 2.0 connections) and set ${w.tokenVar}; check it has not expired`,
    };
  }
  const kind = err instanceof CeligoError ? err.kind : errorReason(err);
  return {
    status: 'fail',
    text: `${w.label}: not checked, ${baseUrl} did not answer properly (${kind}${err instanceof CeligoError && err.status ? `, HTTP ${err.status}` : ''})`,
    fix: region === null ? w.urlFix : `check network access to integrator.io and ${w.regionCheck}`,
  };
}
