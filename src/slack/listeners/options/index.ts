import type { App } from '@slack/bolt';
import { ACTIONS } from '../../../blocks/ids.js';
import type { ListenerDeps } from '../../deps.js';
import { connectionOptions } from './connection-options.js';

export function register(app: App, deps: ListenerDeps): void {
  app.options({ action_id: ACTIONS.connectionSelect }, connectionOptions(deps));
}
