/**
 * Celigo accounts. Inside the app a connection is known by its key: the bare Celigo id for the account
 * named `default` (so databases written before several accounts existed keep meaning what they meant), and
 * `<account>/<id>` for every other account. Threads, links, watches, buttons and audit entries carry the
 * key, so the same Celigo id in two accounts is two different connections to the app.
 */
import { isConnectionId } from './connection.js';

export const DEFAULT_ACCOUNT = 'default';

/** Lowercase letters, digits and `-`, at most 20 characters. */
export const ACCOUNT_NAME_PATTERN = /^[a-z0-9-]{1,20}$/;

export const isAccountName = (s: string): boolean => ACCOUNT_NAME_PATTERN.test(s);

/** `eu-prod` → `EU_PROD`: the suffix of the account's settings (CELIGO_API_TOKEN_EU_PROD, …). */
export const accountEnvSuffix = (name: string): string => name.toUpperCase().replaceAll('-', '_');

export const connectionKey = (account: string, id: string): string =>
  account === DEFAULT_ACCOUNT ? id : `${account}/${id}`;

export interface KeyParts {
  readonly account: string;
  /** The Celigo id within the account. */
  readonly id: string;
}

export function splitConnectionKey(key: string): KeyParts {
  const slash = key.indexOf('/');
  if (slash < 0) return { account: DEFAULT_ACCOUNT, id: key };
  return { account: key.slice(0, slash), id: key.slice(slash + 1) };
}

export const accountOf = (key: string): string => splitConnectionKey(key).account;

/** A well-formed key: a Celigo id, optionally behind a valid account name. */
export function isConnectionKey(key: string): boolean {
  const { account, id } = splitConnectionKey(key);
  return isAccountName(account) && isConnectionId(id);
}

/** The canonical (lowercase) form of a well-formed key. */
export const normalizeKey = (key: string): string => {
  const { account, id } = splitConnectionKey(key);
  return connectionKey(account, id.toLowerCase());
};

/**
 * A connection reference as typed: `<account>/<id or name>` when the part before the first `/` is a known
 * account, otherwise the whole text is an id or name to look up in every account.
 */
export function parseConnectionRef(
  ref: string,
  accounts: readonly string[],
): { readonly account: string | null; readonly text: string } {
  const slash = ref.indexOf('/');
  if (slash > 0) {
    const prefix = ref.slice(0, slash).trim().toLowerCase();
    if (accounts.includes(prefix)) return { account: prefix, text: ref.slice(slash + 1).trim() };
  }
  return { account: null, text: ref.trim() };
}

/** A connection's name for people: `Name (account)` for accounts other than `default`. */
export function nameWithAccount(name: string, key: string): string {
  const { account } = splitConnectionKey(key);
  return account === DEFAULT_ACCOUNT ? name : `${name} (${account})`;
}
