/**
 * CELIGO_ACCOUNTS and the per-account settings that hang off it. Part of config.ts (the only place that
 * reads the environment): it receives the env object, never process.env.
 */
import { list, optional } from './config-fields.js';
import type { AccessPolicy } from './domain/access.js';
import { accountEnvSuffix, DEFAULT_ACCOUNT, isAccountName } from './domain/account.js';

export const CELIGO_REGION_URLS = { us: 'https://api.integrator.io', eu: 'https://api.eu.integrator.io' } as const;

export interface AccountConfig {
  readonly name: string;
  /** `us` or `eu`; null when the account was given a base URL. */
  readonly region: 'us' | 'eu' | null;
  /** Base URL without `/v1`. */
  readonly baseUrl: string;
  readonly apiToken: string;
  /** Narrowing of the global access settings for this account; empty lists narrow nothing. */
  readonly access: AccessPolicy;
}

type Env = Readonly<Record<string, string | undefined>>;

export const stripBase = (url: string): string => url.replace(/\/+$/, '').replace(/\/v1$/, '');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A base URL is https, or http on loopback only (a token must not cross the network in clear). */
function baseUrlProblem(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'is not a URL';
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && LOOPBACK.has(u.hostname)) return null;
  return 'must be https:// (http:// only for 127.0.0.1 or localhost)';
}

function idsOf(env: Env, name: string, pattern: RegExp, what: string, problems: string[]): string[] {
  const ids = list(env[name]);
  const bad = ids.filter((id) => !pattern.test(id));
  if (bad.length) problems.push(`${name}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${what}`);
  return ids;
}

function accessOf(env: Env, name: string, problems: string[]): AccountConfig['access'] {
  const prefix = `CELIGO_ACCOUNT_${accountEnvSuffix(name)}`;
  const users = 'Slack user (U…/W…) or user-group (S…) IDs';
  return Object.freeze({
    operators: Object.freeze(idsOf(env, `${prefix}_OPERATORS`, /^[UWS][A-Z0-9]{2,}$/, users, problems)),
    admins: Object.freeze(idsOf(env, `${prefix}_ADMINS`, /^[UWS][A-Z0-9]{2,}$/, users, problems)),
    channels: Object.freeze(
      idsOf(env, `${prefix}_CHANNELS`, /^[CGD][A-Z0-9]{2,}$/, 'Slack channel IDs (C…/G…)', problems),
    ),
  });
}

/**
 * The accounts the app serves, or the problems that prevent it. Without CELIGO_ACCOUNTS: one account named
 * `default` from CELIGO_API_TOKEN / CELIGO_REGION / CELIGO_API_URL (already validated by the caller).
 * Messages name settings and rules, never a token's value.
 */
export function parseAccounts(
  env: Env,
  single: { readonly token: string | undefined; readonly region: 'us' | 'eu'; readonly apiUrl: string | undefined },
): { accounts: readonly AccountConfig[]; problems: string[] } {
  const problems: string[] = [];
  const raw = optional(env['CELIGO_ACCOUNTS']);
  if (raw === undefined) {
    if (single.token === undefined) {
      problems.push('CELIGO_API_TOKEN: required: an integrator.io API token (Resources → API tokens)');
      return { accounts: [], problems };
    }
    const account: AccountConfig = {
      name: DEFAULT_ACCOUNT,
      region: single.apiUrl === undefined ? single.region : null,
      baseUrl: stripBase(single.apiUrl ?? CELIGO_REGION_URLS[single.region]),
      apiToken: single.token,
      access: accessOf(env, DEFAULT_ACCOUNT, problems),
    };
    return { accounts: [Object.freeze(account)], problems };
  }

  const accounts: AccountConfig[] = [];
  for (const entry of list(raw)) {
    const eq = entry.indexOf('=');
    const name = (eq < 0 ? entry : entry.slice(0, eq)).trim();
    const location = eq < 0 ? '' : entry.slice(eq + 1).trim();
    if (!isAccountName(name)) {
      problems.push(
        `CELIGO_ACCOUNTS: “${name.slice(0, 40)}” is not an account name (lowercase letters, digits and -, at most 20 characters)`,
      );
      continue;
    }
    if (accounts.some((a) => a.name === name)) {
      problems.push(`CELIGO_ACCOUNTS: ${name} is listed twice`);
      continue;
    }
    let region: 'us' | 'eu' | null = null;
    let baseUrl: string;
    if (location.toLowerCase() === 'us' || location.toLowerCase() === 'eu') {
      region = location.toLowerCase() === 'eu' ? 'eu' : 'us';
      baseUrl = CELIGO_REGION_URLS[region];
    } else {
      const problem = location ? baseUrlProblem(location) : 'needs a location: us, eu or a base URL (name=location)';
      if (problem) {
        problems.push(`CELIGO_ACCOUNTS: ${name}: ${problem}`);
        continue;
      }
      baseUrl = stripBase(location);
    }
    const tokenVar = `CELIGO_API_TOKEN_${accountEnvSuffix(name)}`;
    const apiToken = optional(env[tokenVar]);
    if (apiToken === undefined) {
      problems.push(`${tokenVar}: required: the integrator.io API token of account ${name}`);
      continue;
    }
    accounts.push(Object.freeze({ name, region, baseUrl, apiToken, access: accessOf(env, name, problems) }));
  }
  if (accounts.length === 0 && problems.length === 0) problems.push('CELIGO_ACCOUNTS: list at least one name=location');
  return { accounts, problems };
}
