import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Services } from '../services/index.js';

/** What every listener gets. Listeners parse, call a service, and map the Result to Slack. */
export interface ListenerDeps {
  readonly config: Config;
  readonly services: Services;
  readonly logger: Logger;
  /** A user group's members changed: drop the cached membership so roles apply at once. */
  readonly onUserGroupChanged?: ((groupId: string) => void) | undefined;
}
