/**
 * The Home tab: published fresh on every opening (and remembered, so changes re-publish it for an hour),
 * and paged with "Show more". Only the Home tab is handled; the Messages and About tabs also send
 * app_home_opened.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { homeView } from '../../../blocks/home-view.js';
import { ACTIONS } from '../../../blocks/ids.js';
import type { ListenerDeps } from '../../deps.js';

type MoreArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function registerAppHome(app: App, deps: ListenerDeps): void {
  app.event('app_home_opened', async ({ event, context, client }) => {
    if (event.tab !== 'home') return;
    const teamId = context.teamId ?? '';
    const data = await deps.services.home.opened(teamId, event.user);
    await client.views.publish({ user_id: event.user, view: homeView(data) });
  });

  app.action<BlockAction<ButtonAction>>(ACTIONS.homeMore, async ({ ack, body, action, client }: MoreArgs) => {
    await ack();
    const offset = Number.parseInt(action.value ?? '0', 10);
    const data = await deps.services.home.data(body.user.team_id ?? body.team?.id ?? '', body.user.id);
    await client.views.publish({ user_id: body.user.id, view: homeView(data, Number.isFinite(offset) ? offset : 0) });
  });

  // A URL button still sends block_actions; ack it so Slack shows no warning.
  app.action(ACTIONS.openThread, async ({ ack }) => {
    await ack();
  });
}
