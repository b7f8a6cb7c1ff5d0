/** Resolves Slack user groups (`S…`) to member user IDs. The Slack adapter caches briefly. */
export interface StaffDirectory {
  membersOf(userGroupId: string): Promise<ReadonlySet<string>>;
}
