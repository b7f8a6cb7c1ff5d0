/** Maps a service failure to the caller's ephemeral answer: the service's plain words plus what to do next. */

import type { SlackMessage } from '../blocks/elements.js';
import { errorNotice } from '../blocks/notice.js';

const HINTS: Record<string, (command: string) => string> = {
  not_allowed: (c) => `See \`${c} help\` for what you may do here, or ask an admin of this app.`,
  connection_not_found: (c) => `Use a 24-character connection ID or the exact name; \`${c} connections\` lists them.`,
  connection_ambiguous: (c) => `Several connections match; use the connection ID from \`${c} connections\`.`,
  not_oauth: () => 'Only OAuth 2.0 (authorization code) connections can be authorized by a customer link.',
  celigo_auth: () => 'Celigo refused the app’s API token. Ask an admin to check CELIGO_API_TOKEN.',
  celigo_unavailable: () => 'Celigo did not answer in time. Try again in a minute.',
  celigo_rejected: () => 'Celigo refused the request. Check the connection in integrator.io.',
  redirect_not_allowed: () => 'Use an https:// address on an allowed host.',
  landing_pages_off: () => 'Create the link without a landing page.',
  authorization_url_unsafe: (c) => `Once the landing-page address is as described above, run \`${c} link\` again.`,
  label_invalid: () => 'Give the customer a short name (up to 80 characters).',
  no_channel: () => 'Run the command in a channel, where the thread can be posted.',
  change_not_found: (c) => `Start again with \`${c} redirect\`.`,
  change_closed: () => 'This change was already confirmed, cancelled or undone.',
  update_not_confirmed: (c) => `Check the landing page with \`${c} status\` before trying again.`,
  link_not_found: () => 'The link could not be found.',
  link_closed: () => 'The link is no longer pending.',
  change_stale: (c) => `Check the current value with \`${c} status\`, then run \`${c} redirect\` again if needed.`,
  link_conflict: () => 'Revoke that link first if it should be replaced, then create yours again.',
};

export function failureMessage(code: string, message: string, command: string): SlackMessage {
  return errorNotice(message, HINTS[code]?.(command), code === 'change_stale');
}
