import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.js';
import { celigoCommand } from './celigo-command.js';

export function register(app: App, deps: ListenerDeps): void {
  app.command(deps.config.slack.command, celigoCommand(deps));
}
