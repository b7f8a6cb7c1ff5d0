/** Whether Celigo accepts the API token, and when it does not, whether the other region would. */
import { createCeligoGateway } from '../../adapters/celigo/index.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { CeligoError } from '../../ports/celigo-errors.js';
import { type CheckLine, errorReason } from './check-line.js';

async function tokenAccepted(
  baseUrl: string,
  config: Config,
  logger: Logger,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; err: unknown }> {
  const gateway = createCeligoGateway({
    baseUrl,
    apiToken: config.celigo.apiToken,
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

export async function checkCeligo(
  config: Config,
  logger: Logger,
  timeoutMs: number,
  explicitUrl: boolean,
  regionUrls: { readonly us: string; readonly eu: string },
): Promise<CheckLine> {
  const region = config.celigo.region;
  const baseUrl = explicitUrl ? config.celigo.baseUrl : regionUrls[region];
  const first = await tokenAccepted(baseUrl, config, logger, timeoutMs);
  if (first.ok) return { status: 'pass', text: `Celigo API token: accepted by ${baseUrl}` };

  const err = first.err;
  if (err instanceof CeligoError && err.kind === 'auth') {
    // Regions are separate tenants: a US token is refused by the EU API and vice versa (docs/celigo-api.md, "Base URL and token").
    if (!explicitUrl) {
      const other = region === 'us' ? 'eu' : 'us';
      const second = await tokenAccepted(regionUrls[other], config, logger, timeoutMs);
      if (second.ok) {
        return {
          status: 'fail',
          text: `Celigo API token: refused by ${baseUrl}, but accepted by ${regionUrls[other]}`,
          fix: `your token belongs to the ${other.toUpperCase()} region: set CELIGO_REGION=${other}`,
        };
      }
    }
    return {
      status: 'fail',
      text: `Celigo API token: refused by ${baseUrl} (HTTP ${err.status ?? '401'})`,
      fix: 'create a token under Resources → API tokens in integrator.io (Full access, or Custom with your OAuth 2.0 connections) and set CELIGO_API_TOKEN; check it has not expired',
    };
  }
  const kind = err instanceof CeligoError ? err.kind : errorReason(err);
  return {
    status: 'fail',
    text: `Celigo API token: not checked, ${baseUrl} did not answer properly (${kind}${err instanceof CeligoError && err.status ? `, HTTP ${err.status}` : ''})`,
    fix: explicitUrl
      ? 'check CELIGO_API_URL and network access to it'
      : 'check network access to integrator.io and CELIGO_REGION (us or eu)',
  };
}
