/**
 * The Home tab: published fresh on every opening (and remembered, so changes re-publish it for an hour),
 * and paged with "Show more" (`actions/home-more.ts`). Only the Home tab is handled; the Messages and About
 * tabs also send app_home_opened.
 */
import type { App } from '@slack/bolt';
import { homeView } from '../../../blocks/home-view.js';
import type { ListenerDeps } from '../../deps.js';

export function registerAppHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, context, client }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? '';
    const data = await deps.services.home.opened(teamId, event.user);
    await client.views.publish({ user_id: event.user, view: homeView(data) });
  });
}
