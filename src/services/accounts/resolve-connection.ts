/**
 * Finding a connection from what a person typed: `<account>/<id or name>`, or `<id or name>` looked up in
 * every account, where it must match in exactly one. Nothing is fetched or posted on a refusal.
 */
import { connectionKey, parseConnectionRef, splitConnectionKey } from '../../domain/account.js';
import { type ConnectionSummary, isConnectionId, isOAuth2 } from '../../domain/connection.js';
import { clip } from '../../domain/text.js';
import type { AccountListing } from '../../ports/celigo-accounts.js';
import { celigoFailure } from '../common/celigo-failure.js';
import type { ServiceContext } from '../common/context.js';
import type { CommonCode } from '../common/contracts.js';
import { fail, ok, type Result } from '../common/result.js';

const listFailure = (listings: readonly AccountListing[]): Result<never, CommonCode> | undefined => {
  const down = listings.filter((l) => !l.ok);
  if (down.length === 0) return undefined;
  const [first] = down;
  if (listings.length === 1 && first && !first.ok) {
    const f = celigoFailure(first.error);
    return fail(f.code, f.message);
  }
  const names = down.map((l) => l.account);
  return fail(
    'celigo_unavailable',
    `Celigo account ${names.join(', ')} did not answer, so the connection cannot be looked up in every account. Put the account in front, such as \`${names[0]}/<id or name>\`, or try again shortly. Nothing was changed.`,
  );
};

export async function resolveConnection(
  ctx: ServiceContext,
  ref: string,
): Promise<Result<ConnectionSummary, CommonCode>> {
  const command = ctx.config.slack.command;
  const parsed = parseConnectionRef(ref, ctx.accounts.names);
  const text = parsed.text;
  if (!text) return fail('connection_not_found', 'Name a connection: its 24-character ID or its exact name.');
  const several = ctx.accounts.names.length > 1;
  const only = parsed.account ?? (several ? null : (ctx.accounts.names[0] ?? null));
  const where = parsed.account && several ? ` in account ${parsed.account}` : '';
  try {
    if (isConnectionId(text) && only !== null) {
      return ok(await ctx.celigo.getConnection(connectionKey(only, text.toLowerCase())));
    }
    const listings = await ctx.accounts.listEach(only === null ? undefined : [only]);
    const all = listings.flatMap((l) => (l.ok ? l.connections : []));
    const lower = text.toLowerCase();
    const found = isConnectionId(text)
      ? all.filter((c) => splitConnectionKey(c.id).id.toLowerCase() === lower)
      : all.filter((c) => isOAuth2(c) && c.name.toLowerCase() === lower);
    const accountsWith = [...new Set(found.map((c) => splitConnectionKey(c.id).account))];
    if (accountsWith.length > 1) {
      return fail(
        'connection_ambiguous',
        `“${clip(text, 100)}” is in more than one Celigo account: ${accountsWith.join(', ')}. Put the account in front, such as \`${accountsWith[0]}/${clip(text, 100)}\`. Nothing was changed.`,
      );
    }
    const refused = listFailure(listings);
    if (refused) return refused;
    const [match] = found;
    if (match && found.length === 1) return ok(match);
    if (!match) {
      if (isConnectionId(text))
        return fail('connection_not_found', `Celigo has no connection with the ID ${text}${where}.`);
      return fail(
        'connection_not_found',
        `No OAuth 2.0 connection is named “${clip(text, 100)}”${where}. Use \`${command} connections\` to see them, or give the connection’s ID.`,
      );
    }
    return fail(
      'connection_ambiguous',
      `${found.length} connections are named “${clip(text, 100)}”: ${found.map((c) => c.id).join(', ')}. Use one of these IDs instead.`,
    );
  } catch (err) {
    const f = celigoFailure(err);
    if (f.code === 'connection_not_found') {
      return fail('connection_not_found', `Celigo has no connection with the ID ${text}${where}.`);
    }
    return fail(f.code, f.message);
  }
}
