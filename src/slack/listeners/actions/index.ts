import type { App, BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ACTIONS } from '../../../blocks/ids.js';
import type { ListenerDeps } from '../../deps.js';
import { anyOf, handlerFor } from '../dispatch.js';
import { auditOlder } from './audit-older.js';
import { chooseLink, chooseRedirect, chooseStatus } from './chooser.js';
import { homeMore } from './home-more.js';
import { reauthorize } from './reauthorize.js';
import { cancelRedirect, confirmRedirect, undoRedirect } from './redirect-buttons.js';
import { relayRestore } from './relay-restore.js';
import { revokeLink } from './revoke-link.js';

type Button = BlockAction<ButtonAction>;

export function register(app: App, deps: ListenerDeps): void {
  const handlers: Record<string, Middleware<SlackActionMiddlewareArgs<Button>>> = {
    [ACTIONS.chooseLink]: chooseLink(deps),
    [ACTIONS.chooseRedirect]: chooseRedirect(deps),
    [ACTIONS.chooseStatus]: chooseStatus(deps),
    [ACTIONS.redirectConfirm]: confirmRedirect(deps),
    [ACTIONS.redirectCancel]: cancelRedirect(deps),
    [ACTIONS.redirectUndo]: undoRedirect(deps),
    [ACTIONS.reauthorize]: reauthorize(deps),
    [ACTIONS.auditOlder]: auditOlder(deps),
    [ACTIONS.revokeLink]: revokeLink(deps),
    [ACTIONS.relayRestore]: relayRestore(deps),
    [ACTIONS.homeMore]: homeMore(deps),
    // URL buttons still send block_actions; ack them so Slack shows no warning.
    [ACTIONS.openLink]: ackOnly,
    [ACTIONS.openThread]: ackOnly,
  };
  // One listener for every button (src/slack/listeners/dispatch.ts).
  app.action<Button>(anyOf(Object.keys(handlers)), (args) => handlerFor(handlers, args.action.action_id)(args));
}

const ackOnly: Middleware<SlackActionMiddlewareArgs<Button>> = async ({ ack }) => {
  await ack();
};
