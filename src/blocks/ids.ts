/**
 * Every callback_id, action_id and block_id the app puts on Slack surfaces, in one place. They live here
 * (not in src/slack) because the outbound worker renders buttons too, and adapters may not import slack/.
 * Slack limits each id to 255 characters.
 */
export const VIEWS = {
  chooser: 'celigo_chooser',
  link: 'celigo_link',
  redirect: 'celigo_redirect',
  status: 'celigo_status',
} as const;

export const ACTIONS = {
  chooseLink: 'chooser_link',
  chooseRedirect: 'chooser_redirect',
  chooseStatus: 'chooser_status',
  connectionSelect: 'connection_select',
  customerLabel: 'customer_label_input',
  landingUrl: 'landing_url_input',
  redirectUrl: 'redirect_url_input',
  dryRun: 'dry_run_input',
  redirectConfirm: 'redirect_confirm',
  redirectCancel: 'redirect_cancel',
  redirectUndo: 'redirect_undo',
  reauthorize: 'reauthorize',
  auditOlder: 'audit_older',
  openLink: 'open_link',
  revokeLink: 'revoke_link',
  homeMore: 'home_more',
  relayRestore: 'relay_restore',
  openThread: 'open_thread',
} as const;

/** Input blocks: field errors from `response_action: 'errors'` are keyed by these. */
export const BLOCKS = {
  connection: 'connection',
  customerLabel: 'customer_label',
  landingUrl: 'landing_url',
  redirectUrl: 'redirect_url',
  dryRun: 'dry_run',
  chooser: 'chooser_buttons',
  redirectButtons: 'redirect_buttons',
  auditButtons: 'audit_buttons',
  threadActions: 'thread_actions',
  linkActions: 'link_actions',
} as const;

export { MAX_CUSTOMER_LABEL } from '../domain/link.js';
