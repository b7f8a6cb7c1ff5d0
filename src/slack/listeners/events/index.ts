/**
 * User-group changes. Roles may name Slack user groups (`S…`), whose members are cached for a minute;
 * these events drop the cached membership so a grant or removal applies at once. Events are acked by
 * Bolt before listeners run, and a redelivered event only clears the cache again: harmless.
 */
import type { App } from '@slack/bolt';
import type { ListenerDeps } from '../../deps.js';
import { registerAppHome } from './app-home.js';

export function register(app: App, deps: ListenerDeps): void {
  registerAppHome(app, deps);
  app.event('subteam_members_changed', async ({ event }) => {
    deps.onUserGroupChanged?.(event.subteam_id);
  });
  app.event('subteam_updated', async ({ event }) => {
    if (event.subteam.id) deps.onUserGroupChanged?.(event.subteam.id);
  });
}
