/**
 * The Home tab: published fresh on every opening (and remembered, so changes re-publish it for an hour),
 * and paged with "Show more". Only the Home tab is handled; the Messages and About tabs also send
 * app_home_opened.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { homeView } from '../../../blocks/home-view.js';
import type { ListenerDeps } from '../../deps.js';

type MoreArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function registerAppHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, context, client }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? '';
    const data = await deps.services.home.opened(teamId, event.user);
    await client.views.publish({ user_id: event.user, view: homeView(data) });
  });
}

/** "Show more" on the Home tab (registered with the other buttons, src/slack/listeners/actions/index.ts). */
export function homeMore(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: MoreArgs): Promise<void> => {
    await ack();
    const offset = Number.parseInt(action.value ?? '0', 10);
    const data = await deps.services.home.data(body.user.team_id ?? body.team?.id ?? '', body.user.id);
    await client.views.publish({ user_id: body.user.id, view: homeView(data, Number.isFinite(offset) ? offset : 0) });
  };
}
