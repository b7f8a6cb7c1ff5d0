/** The Celigo accounts this app serves: names and an overview for `/celigo accounts`. */
import type { Actor, CommonCode } from '../common/contracts.js';
import type { Result } from '../common/result.js';

/** One Celigo account as `/celigo accounts` shows it. */
export interface AccountOverview {
  readonly name: string;
  readonly region: 'us' | 'eu' | null;
  readonly host: string;
  readonly token: 'accepted' | 'refused' | 'unreachable';
  /** null when the account could not be listed. */
  readonly oauth2Connections: number | null;
}

export interface AccountsService {
  /** The accounts' names, in configuration order. */
  names(): readonly string[];
  overview(actor: Actor): Promise<Result<AccountOverview[], CommonCode>>;
}
