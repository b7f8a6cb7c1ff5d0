/** What the access use case offers the others: who may do what, here. */
import type { Action, Role } from '../../domain/access.js';
import type { Actor } from '../common/contracts.js';
import type { Result } from '../common/result.js';

export interface AccessView {
  readonly roles: ReadonlySet<Role>;
  /** True when no operators/admins are configured: everyone may do everything. */
  readonly open: boolean;
  readonly channelAllowed: boolean;
  readonly allowed: ReadonlySet<Action>;
}

export interface AccessService {
  /** Resolves the caller's roles (user groups included) and what they may do here. */
  describe(actor: Actor): Promise<AccessView>;
  /**
   * Checks one action; a refusal is audited (`access.denied`) and returned as `not_allowed`. With `repeated`
   * (requests Slack sends per keystroke, like a typeahead), a refusal is audited at most once per user and
   * action per minute.
   */
  check(
    actor: Actor,
    action: Action,
    connectionId?: string | null,
    opts?: { readonly repeated?: boolean },
  ): Promise<Result<void, 'not_allowed'>>;
}
