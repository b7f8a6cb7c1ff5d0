import type { App, ViewSubmitAction } from '@slack/bolt';
import { VIEWS } from '../../../blocks/ids.js';
import type { ListenerDeps } from '../../deps.js';
import { anyOf, handlerFor } from '../dispatch.js';
import { linkSubmission } from './link-submission.js';
import { redirectSubmission } from './redirect-submission.js';
import { statusSubmission } from './status-submission.js';

export function register(app: App, deps: ListenerDeps): void {
  const handlers = {
    [VIEWS.link]: linkSubmission(deps),
    [VIEWS.redirect]: redirectSubmission(deps),
    [VIEWS.status]: statusSubmission(deps),
  };
  // One listener for every modal submission (src/slack/listeners/dispatch.ts).
  app.view<ViewSubmitAction>(anyOf(Object.keys(handlers)), (args) => handlerFor(handlers, args.view.callback_id)(args));
}
