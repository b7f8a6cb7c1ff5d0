import type { App } from '@slack/bolt';
import { VIEWS } from '../../../blocks/ids.js';
import type { ListenerDeps } from '../../deps.js';
import { linkSubmission } from './link-submission.js';
import { redirectSubmission } from './redirect-submission.js';
import { statusSubmission } from './status-submission.js';

export function register(app: App, deps: ListenerDeps): void {
  app.view(VIEWS.link, linkSubmission(deps));
  app.view(VIEWS.redirect, redirectSubmission(deps));
  app.view(VIEWS.status, statusSubmission(deps));
}
