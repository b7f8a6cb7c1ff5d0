/** Who may do what. Pure; the service resolves user-group membership before calling `rolesFor`. */
export type Role = 'operator' | 'admin';

/** Actions checked on every command, button, submission and options request. */
export type Action = 'help' | 'list_connections' | 'generate_link' | 'view_status' | 'view_audit' | 'set_redirect';

export const ACTION_ROLE: Readonly<Record<Action, Role | 'anyone'>> = {
  help: 'anyone',
  list_connections: 'operator',
  generate_link: 'operator',
  view_status: 'operator',
  view_audit: 'operator',
  set_redirect: 'admin',
};

export interface AccessPolicy {
  /** Slack user IDs (`U…`/`W…`) and user-group IDs (`S…`). */
  readonly operators: readonly string[];
  readonly admins: readonly string[];
  /** Channel IDs where the command may be used; empty = anywhere. */
  readonly channels: readonly string[];
}

/** With no operators and no admins configured, everyone may do everything (README, Settings). */
export const isOpenPolicy = (p: AccessPolicy): boolean => p.operators.length === 0 && p.admins.length === 0;

export const isGroupId = (id: string): boolean => id.startsWith('S');

/**
 * Roles of a user, given the groups they belong to (only the groups named in the policy need resolving).
 * Admins are operators.
 */
export function rolesFor(policy: AccessPolicy, userId: string, memberOf: ReadonlySet<string>): Set<Role> {
  const roles = new Set<Role>();
  if (isOpenPolicy(policy)) return new Set<Role>(['operator', 'admin']);
  const listed = (ids: readonly string[]) => ids.some((id) => id === userId || (isGroupId(id) && memberOf.has(id)));
  if (listed(policy.admins)) roles.add('admin').add('operator');
  if (listed(policy.operators)) roles.add('operator');
  return roles;
}

export function mayPerform(roles: ReadonlySet<Role>, action: Action): boolean {
  const need = ACTION_ROLE[action];
  return need === 'anyone' || roles.has(need);
}

export const channelAllowed = (policy: AccessPolicy, channelId: string | null): boolean =>
  policy.channels.length === 0 || (channelId !== null && policy.channels.includes(channelId));
