/** Gives each Slack request a child logger (team, user, kind, id) in `context.log` (lazily), and a request id. */
import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { Logger } from '../../logger.js';

interface LooseBody {
  readonly type?: string;
  readonly command?: string;
  readonly trigger_id?: string;
  readonly team_id?: string;
  readonly user_id?: string;
  readonly team?: { readonly id?: string } | null;
  readonly user?: { readonly id?: string };
  readonly view?: { readonly callback_id?: string };
  readonly action_id?: string;
  readonly actions?: ReadonlyArray<{ readonly action_id?: string }>;
}

/** What kind of request this is (command, action, options, view…) and its command, action or callback id. */
export function describeRequest(raw: unknown): { kind: string; id: string | undefined } {
  const body = (raw ?? {}) as LooseBody;
  if (body.command) return { kind: 'command', id: body.command };
  if (body.type === 'block_actions') return { kind: 'action', id: body.actions?.[0]?.action_id };
  if (body.type === 'block_suggestion') return { kind: 'options', id: body.action_id };
  if (body.type === 'view_submission' || body.type === 'view_closed')
    return { kind: 'view', id: body.view?.callback_id };
  return { kind: body.type ?? 'unknown', id: undefined };
}

export function requestContext(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const b = body as LooseBody;
    const requestId = b.trigger_id ?? randomUUID();
    const { kind, id } = describeRequest(b);
    context['requestId'] = requestId;
    // Built on first use: most requests never log, and a pino child per request showed in the ack profile.
    let child: Logger | undefined;
    Object.defineProperty(context, 'log', {
      configurable: true,
      enumerable: true,
      get: () =>
        (child ??= logger.child({
          team: b.team_id ?? b.team?.id,
          user: b.user_id ?? b.user?.id,
          kind,
          id,
          requestId,
        })),
    });
    await next();
  };
}

export const logOf = (context: Context, fallback: Logger): Logger => {
  const l = context['log'];
  return l && typeof l === 'object' && 'child' in l ? (l as Logger) : fallback;
};
