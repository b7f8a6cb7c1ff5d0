import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { CeligoGateway } from '../ports/celigo-gateway.js';
import type { Clock } from '../ports/clock.js';
import type { StaffDirectory } from '../ports/staff-directory.js';
import type { Storage } from '../ports/storage.js';

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
  readonly celigo: CeligoGateway;
  readonly directory: StaffDirectory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly ids?: IdSource;
}
