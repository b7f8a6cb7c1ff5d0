import {
  ACTION_ROLE,
  type AccessPolicy,
  type Action,
  channelAllowed,
  isGroupId,
  isOpenPolicy,
  mayPerform,
  type Role,
  rolesFor,
} from '../../domain/access.js';
import { accountEnvSuffix, accountOf } from '../../domain/account.js';
import { actorEntry } from '../common/audit-recorder.js';
import type { ServiceContext } from '../common/context.js';
import type { Actor } from '../common/contracts.js';
import { fail, ok } from '../common/result.js';
import type { AccessService, AccessView } from './contract.js';

const ALL_ACTIONS = Object.keys(ACTION_ROLE) as Action[];

/** What each action is called in a refusal ("Sorry, <words> needs …"). */
const ACTION_WORDS: Readonly<Record<Action, string>> = {
  help: 'help',
  list_connections: 'listing connections',
  generate_link: 'creating customer authorization links',
  view_status: 'viewing connection status',
  view_audit: 'viewing the audit log',
  set_redirect: 'changing landing pages (redirect URLs)',
};

const ROLE_SETTING: Readonly<Record<Role, string>> = {
  operator: 'CELIGO_BOT_OPERATORS',
  admin: 'CELIGO_BOT_ADMINS',
};

/** A refused typeahead is audited at most once per user and action in this window (per replica). */
export const REPEATED_REFUSAL_WINDOW_MS = 60_000;

/** The account's own narrowing (CELIGO_ACCOUNT_<NAME>_…), when it sets any. */
function accountPolicy(ctx: ServiceContext, connectionKey: string) {
  const name = accountOf(connectionKey);
  const account = ctx.config.celigo.accounts.find((a) => a.name === name);
  const p = account?.access;
  if (!p || (p.channels.length === 0 && isOpenPolicy(p))) return undefined;
  const suffix = accountEnvSuffix(name);
  return {
    name,
    policy: p,
    setting: (role: Role) => `CELIGO_ACCOUNT_${suffix}_${role === 'admin' ? 'ADMINS' : 'OPERATORS'}`,
  };
}

export function buildAccessService(ctx: ServiceContext): AccessService {
  const policy: AccessPolicy = ctx.config.access;
  const log = ctx.logger.child({ module: 'access' });
  const lastRepeatedRefusal = new Map<string, number>();

  /** False when the same user's same repeated request was already audited within the window. */
  function auditRepeated(actor: Actor, action: Action): boolean {
    const now = ctx.clock.now().getTime();
    const key = `${actor.teamId}:${actor.userId}:${action}`;
    const last = lastRepeatedRefusal.get(key);
    if (last !== undefined && now - last < REPEATED_REFUSAL_WINDOW_MS) return false;
    if (lastRepeatedRefusal.size > 10_000) lastRepeatedRefusal.clear(); // bounded: a forgotten entry only means one more line
    lastRepeatedRefusal.set(key, now);
    return true;
  }

  /** Only the user groups named in the policy are resolved; a directory failure counts as "not a member". */
  async function groupsOf(userId: string, p: AccessPolicy = policy): Promise<Set<string>> {
    const memberOf = new Set<string>();
    if (isOpenPolicy(p)) return memberOf;
    const groups = [...new Set([...p.operators, ...p.admins].filter(isGroupId))];
    await Promise.all(
      groups.map(async (group) => {
        try {
          if ((await ctx.directory.membersOf(group)).has(userId)) memberOf.add(group);
        } catch (err) {
          log.warn({ err, group }, 'Could not resolve user-group members; treating the user as not a member.');
        }
      }),
    );
    return memberOf;
  }

  async function rolesOf(actor: Actor): Promise<Set<Role>> {
    return rolesFor(policy, actor.userId, await groupsOf(actor.userId));
  }

  function whomToAsk(need: Role): string {
    const admins = policy.admins.filter((id) => !isGroupId(id)).slice(0, 5);
    const who = admins.length
      ? `an admin of this app (${admins.map((id) => `<@${id}>`).join(', ')})`
      : 'whoever manages this app’s settings';
    return `Please ask ${who} to add you to ${ROLE_SETTING[need]}.`;
  }

  const describeChannels = (): string => policy.channels.map((c) => `<#${c}>`).join(', ');

  return {
    async describe(actor): Promise<AccessView> {
      const roles = await rolesOf(actor);
      const here = channelAllowed(policy, actor.channelId);
      const allowed = new Set<Action>(ALL_ACTIONS.filter((a) => mayPerform(roles, a) && (a === 'help' || here)));
      return { roles, open: isOpenPolicy(policy), channelAllowed: here, allowed };
    },

    async check(actor, action, connectionId = null, opts = {}) {
      if (action === 'help') return ok(undefined);
      let detail: string;
      let message: string;
      const need = ACTION_ROLE[action];
      const narrowing = connectionId === null ? undefined : accountPolicy(ctx, connectionId);
      if (!channelAllowed(policy, actor.channelId)) {
        detail = `${action}: not allowed in this channel`;
        message = `Sorry, ${ctx.config.slack.command} can be used only in ${describeChannels()}. Please try again there.`;
      } else if (!mayPerform(await rolesOf(actor), action)) {
        const role = need === 'anyone' ? 'operator' : need;
        detail = `${action}: needs the ${role} role`;
        message = `Sorry, ${ACTION_WORDS[action]} needs the ${role} role, which you don’t have. ${whomToAsk(role)}`;
      } else if (narrowing && !channelAllowed(narrowing.policy, actor.channelId)) {
        detail = `${action}: account ${narrowing.name} not allowed in this channel`;
        message = `Sorry, Celigo account ${narrowing.name} can be used only in ${narrowing.policy.channels.map((c) => `<#${c}>`).join(', ')}. Nothing was changed.`;
      } else if (
        narrowing &&
        !isOpenPolicy(narrowing.policy) &&
        !mayPerform(rolesFor(narrowing.policy, actor.userId, await groupsOf(actor.userId, narrowing.policy)), action)
      ) {
        const role = need === 'anyone' ? 'operator' : need;
        detail = `${action}: needs the ${role} role for account ${narrowing.name}`;
        message = `Sorry, ${ACTION_WORDS[action]} in Celigo account ${narrowing.name} needs its ${role} role, which you don’t have. Please ask whoever manages this app to add you to ${narrowing.setting(role)}. Nothing was changed.`;
      } else {
        return ok(undefined);
      }
      if (!opts.repeated || auditRepeated(actor, action)) {
        await ctx.recordNow(actorEntry(actor, { action: 'access.denied', result: 'refused', connectionId, detail }));
      }
      return fail('not_allowed', message);
    },
  };
}
