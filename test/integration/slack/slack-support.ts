/** Helpers for the Slack end-to-end tests: payload builders shaped like Slack's, and fake-Slack readers. */
import { ACTIONS, BLOCKS, VIEWS } from '../../../src/blocks/ids.js';
import type { SlackCall } from '../../support/fake-slack.js';

export const TEAM = { id: 'T1', domain: 'partner' };
export const USER = { id: 'U1', name: 'staff', username: 'staff', team_id: 'T1' };

export const metadata = (channelId: string | null = 'C1', key = 'idem-key-0001') =>
  JSON.stringify({ c: channelId, k: key });

function view(callbackId: string, values: object, privateMetadata = metadata(), id = 'V123') {
  return {
    id,
    team_id: 'T1',
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata,
    hash: 'h1',
    state: { values },
    title: { type: 'plain_text', text: 'x' },
    blocks: [],
    close: null,
    submit: null,
    root_view_id: id,
    previous_view_id: null,
    clear_on_close: false,
    notify_on_close: false,
    app_id: 'A1',
    bot_id: 'BBOT',
  };
}

/** A view_submission of any modal, shaped like Slack's. */
export function viewSubmission(opts: {
  callbackId: string;
  values: object;
  privateMetadata?: string;
  user?: typeof USER;
  triggerId?: string;
  viewId?: string;
}) {
  return {
    type: 'view_submission',
    team: TEAM,
    user: opts.user ?? USER,
    api_app_id: 'A1',
    token: 'x',
    trigger_id: opts.triggerId ?? 'trig-view-1',
    view: view(opts.callbackId, opts.values, opts.privateMetadata, opts.viewId),
  };
}

export function linkSubmission(opts: {
  connectionId: string | null;
  label: string;
  landingUrl?: string | null;
  privateMetadata?: string;
  user?: typeof USER;
}) {
  return {
    type: 'view_submission',
    team: TEAM,
    user: opts.user ?? USER,
    api_app_id: 'A1',
    token: 'x',
    trigger_id: 'trig-view-1',
    view: view(
      VIEWS.link,
      {
        [BLOCKS.connection]: {
          [ACTIONS.connectionSelect]: {
            type: 'external_select',
            selected_option: opts.connectionId
              ? { text: { type: 'plain_text', text: 'c' }, value: opts.connectionId }
              : null,
          },
        },
        [BLOCKS.customerLabel]: { [ACTIONS.customerLabel]: { type: 'plain_text_input', value: opts.label } },
        [BLOCKS.landingUrl]: { [ACTIONS.landingUrl]: { type: 'url_text_input', value: opts.landingUrl ?? null } },
      },
      opts.privateMetadata,
    ),
  };
}

export function redirectSubmission(opts: { connectionId: string; url: string; dryRun?: boolean }) {
  return {
    type: 'view_submission',
    team: TEAM,
    user: USER,
    api_app_id: 'A1',
    token: 'x',
    trigger_id: 'trig-view-2',
    view: view(VIEWS.redirect, {
      [BLOCKS.connection]: {
        [ACTIONS.connectionSelect]: { type: 'external_select', selected_option: { value: opts.connectionId } },
      },
      [BLOCKS.redirectUrl]: { [ACTIONS.redirectUrl]: { type: 'url_text_input', value: opts.url } },
      [BLOCKS.dryRun]: {
        [ACTIONS.dryRun]: { type: 'checkboxes', selected_options: opts.dryRun ? [{ value: 'dry_run' }] : [] },
      },
    }),
  };
}

export function buttonClick(opts: {
  actionId: string;
  value: string;
  responseUrl: string;
  user?: typeof USER;
  channelId?: string;
  triggerId?: string;
  view?: object;
}) {
  return {
    type: 'block_actions',
    team: TEAM,
    user: opts.user ?? USER,
    api_app_id: 'A1',
    token: 'x',
    container: {
      type: 'message',
      message_ts: '1700000000.000001',
      channel_id: opts.channelId ?? 'C1',
      is_ephemeral: true,
    },
    trigger_id: opts.triggerId ?? 'trig-click-1',
    channel: { id: opts.channelId ?? 'C1', name: 'customers' },
    response_url: opts.responseUrl,
    ...(opts.view ? { view: opts.view } : {}),
    actions: [
      {
        type: 'button',
        action_id: opts.actionId,
        block_id: 'b',
        text: { type: 'plain_text', text: 'x' },
        value: opts.value,
        action_ts: '1700000001.000000',
      },
    ],
  };
}

export function optionsRequest(value: string, privateMetadata = metadata()) {
  return {
    type: 'block_suggestion',
    user: USER,
    team: TEAM,
    api_app_id: 'A1',
    token: 'x',
    container: { type: 'view', view_id: 'V123' },
    action_id: ACTIONS.connectionSelect,
    block_id: BLOCKS.connection,
    value,
    view: view(VIEWS.link, {}, privateMetadata),
  };
}

/** Everything the fake received on response_url paths (respond()). */
export const responses = (calls: readonly SlackCall[]): SlackCall[] =>
  calls.filter((c) => c.method.startsWith('/response/'));

/** Text of every ephemeral answer (respond or chat.postEphemeral), oldest first. */
export function ephemeralTexts(calls: readonly SlackCall[]): string[] {
  return calls
    .filter((c) => c.method === 'chat.postEphemeral' || c.method.startsWith('/response/'))
    .map((c) => `${String(c.params['text'] ?? '')}\n${JSON.stringify(c.params['blocks'] ?? [])}`);
}

export const posts = (calls: readonly SlackCall[]): SlackCall[] => calls.filter((c) => c.method === 'chat.postMessage');

/** Finds a button's value by action_id in the blocks of a call. */
export function buttonValue(call: SlackCall, actionId: string): string | undefined {
  const json = JSON.stringify(call.params['blocks'] ?? []);
  const re = new RegExp(
    `"action_id":"${actionId}"[^}]*?"value":"((?:[^"\\\\]|\\\\.)*)"|"value":"((?:[^"\\\\]|\\\\.)*)"[^}]*?"action_id":"${actionId}"`,
  );
  const m = re.exec(json);
  const raw = m?.[1] ?? m?.[2];
  return raw === undefined ? undefined : (JSON.parse(`"${raw}"`) as string);
}
