import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTIONS } from '../../../blocks/ids.js';
import type { ListenerDeps } from '../../deps.js';
import { auditOlder } from './audit-older.js';
import { chooseLink, chooseRedirect, chooseStatus } from './chooser.js';
import { reauthorize } from './reauthorize.js';
import { cancelRedirect, confirmRedirect, undoRedirect } from './redirect-buttons.js';
import { relayRestore } from './relay-restore.js';
import { revokeLink } from './revoke-link.js';

type Button = BlockAction<ButtonAction>;

export function register(app: App, deps: ListenerDeps): void {
  app.action<Button>(ACTIONS.chooseLink, chooseLink(deps));
  app.action<Button>(ACTIONS.chooseRedirect, chooseRedirect(deps));
  app.action<Button>(ACTIONS.chooseStatus, chooseStatus(deps));
  app.action<Button>(ACTIONS.redirectConfirm, confirmRedirect(deps));
  app.action<Button>(ACTIONS.redirectCancel, cancelRedirect(deps));
  app.action<Button>(ACTIONS.redirectUndo, undoRedirect(deps));
  app.action<Button>(ACTIONS.reauthorize, reauthorize(deps));
  app.action<Button>(ACTIONS.auditOlder, auditOlder(deps));
  app.action<Button>(ACTIONS.revokeLink, revokeLink(deps));
  app.action<Button>(ACTIONS.relayRestore, relayRestore(deps));
  // A URL button still sends block_actions; ack it so Slack shows no warning.
  app.action(ACTIONS.openLink, async ({ ack }) => {
    await ack();
  });
}
