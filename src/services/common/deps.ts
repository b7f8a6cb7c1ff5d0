import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { CeligoAccounts } from '../../ports/celigo-accounts.js';
import type { CeligoGateway } from '../../ports/celigo-gateway.js';
import type { Clock } from '../../ports/clock.js';
import type { StaffDirectory } from '../../ports/staff-directory.js';
import type { Storage } from '../../ports/storage.js';

/** Makes ids and customer-link tokens; injectable so tests can predict them. */
export interface IdSource {
  newId(): string;
  /** At least 128 bits of randomness, URL-safe. */
  newToken(): string;
}

/** What every use case may use. Built once by the composition root. */
export interface ServiceDeps {
  readonly config: Config;
  readonly storage: Storage;
  /** Routes by connection key to each account's own gateway (services/accounts/account-router.ts). */
  readonly celigo: CeligoGateway;
  /** The accounts behind `celigo`; defaults to one account named `default`. */
  readonly accounts?: CeligoAccounts;
  readonly directory: StaffDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ids?: IdSource;
  /**
   * True while Slack work is waiting or running (the Slack layer's work line, requests being read): background
   * rounds step aside meanwhile (common/turns.ts). None: rounds only take turns.
   */
  readonly foreground?: () => boolean;
}
