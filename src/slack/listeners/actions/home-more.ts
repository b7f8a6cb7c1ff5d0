/** "Show more" on the Home tab: the next page of the tab, published for the clicking user. */
import { homeView } from '../../../blocks/home-view.js';
import type { ListenerDeps } from '../../deps.js';
import type { ButtonArgs } from './button-context.js';

export function homeMore(deps: ListenerDeps) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const offset = Number.parseInt(action.value ?? '0', 10);
    const data = await deps.services.home.data(body.user.team_id ?? body.team?.id ?? '', body.user.id);
    await client.views.publish({ user_id: body.user.id, view: homeView(data, Number.isFinite(offset) ? offset : 0) });
  };
}
