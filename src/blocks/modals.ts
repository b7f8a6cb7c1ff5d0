/**
 * The three modals of `/celigo` and the chooser that leads to them. `privateMetadata` is built and
 * validated by src/slack/parse (channel id + idempotency key only); these builders just carry it.
 */

import type { Checkboxes, ExternalSelect, InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { nameWithAccount } from '../domain/account.js';
import { actions, button, context, OPTION_TEXT_MAX, plain, section } from './elements.js';
import { clip } from './escape.js';
import { ACTIONS, BLOCKS, MAX_CUSTOMER_LABEL, VIEWS } from './ids.js';

/** Slack's limit on an option's `value`. */
const OPTION_VALUE_MAX = 150;

export interface PickedConnection {
  readonly id: string;
  readonly name: string;
}

export const connectionOption = (c: PickedConnection, stateNote?: string): PlainTextOption => ({
  text: plain(
    clip(
      stateNote ? `${nameWithAccount(c.name || c.id, c.id)} (${stateNote})` : nameWithAccount(c.name || c.id, c.id),
      OPTION_TEXT_MAX,
    ),
    OPTION_TEXT_MAX,
  ),
  value: c.id,
});

function connectionPicker(initial: PickedConnection | null): InputBlock {
  const select: ExternalSelect = {
    type: 'external_select',
    action_id: ACTIONS.connectionSelect,
    placeholder: plain('Search OAuth 2.0 connections', 150),
    // 0 so the list shows as soon as the menu opens (the default, 3, hides short names).
    min_query_length: 0,
  };
  // Slack refuses the whole view when an option's value passes 150 characters; a longer typed reference
  // (`link <very long text>`) just opens the picker empty (found by the property test).
  if (initial && initial.id.length <= OPTION_VALUE_MAX) select.initial_option = connectionOption(initial);
  return { type: 'input', block_id: BLOCKS.connection, label: plain('Connection'), element: select };
}

function modal(callbackId: string, title: string, submit: string, privateMetadata: string, blocks: KnownBlock[]) {
  const view: ModalView = {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, 24),
    submit: plain(submit, 24),
    close: plain('Cancel', 24),
    private_metadata: privateMetadata,
    blocks,
  };
  return view;
}

export function chooserModal(privateMetadata: string): ModalView {
  const view: ModalView = {
    type: 'modal',
    callback_id: VIEWS.chooser,
    title: plain('Celigo', 24),
    close: plain('Close', 24),
    private_metadata: privateMetadata,
    blocks: [
      section('What would you like to do?'),
      actions(BLOCKS.chooser, [
        button({ text: 'Generate link', actionId: ACTIONS.chooseLink, style: 'primary' }),
        button({ text: 'Set landing page', actionId: ACTIONS.chooseRedirect }),
        button({ text: 'Status', actionId: ACTIONS.chooseStatus }),
      ]),
    ],
  };
  return view;
}

export function linkModal(
  privateMetadata: string,
  initial: PickedConnection | null = null,
  initialLabel: string | null = null,
): ModalView {
  return modal(VIEWS.link, 'Customer link', 'Create link', privateMetadata, [
    connectionPicker(initial),
    {
      type: 'input',
      block_id: BLOCKS.customerLabel,
      label: plain('Customer'),
      hint: plain('Shown in the thread and on the page the customer sees.'),
      element: {
        type: 'plain_text_input',
        action_id: ACTIONS.customerLabel,
        max_length: MAX_CUSTOMER_LABEL,
        placeholder: plain('e.g. Acme Corp', 150),
        // Re-authorize: the last customer's label, so the form can be submitted as it is.
        ...(initialLabel ? { initial_value: initialLabel.slice(0, MAX_CUSTOMER_LABEL) } : {}),
      },
    },
    {
      type: 'input',
      block_id: BLOCKS.landingUrl,
      optional: true,
      label: plain('New landing page (optional)'),
      hint: plain('Where the customer lands after authorizing. Leave empty to keep the current one.'),
      element: { type: 'url_text_input', action_id: ACTIONS.landingUrl, placeholder: plain('https://', 150) },
    },
  ]);
}

export function redirectModal(privateMetadata: string, initial: PickedConnection | null = null): ModalView {
  const dryRun: Checkboxes = {
    type: 'checkboxes',
    action_id: ACTIONS.dryRun,
    options: [
      {
        text: plain('Dry run'),
        description: plain('Show the exact Celigo request without changing anything', OPTION_TEXT_MAX),
        value: 'dry_run',
      },
    ],
  };
  return modal(VIEWS.redirect, 'Landing page', 'Preview', privateMetadata, [
    connectionPicker(initial),
    {
      type: 'input',
      block_id: BLOCKS.redirectUrl,
      label: plain('Landing page URL'),
      hint: plain('Where customers land after authorizing. You confirm the change on the next step.'),
      element: { type: 'url_text_input', action_id: ACTIONS.redirectUrl, placeholder: plain('https://', 150) },
    },
    { type: 'input', block_id: BLOCKS.dryRun, optional: true, label: plain('Options'), element: dryRun },
  ]);
}

export function statusModal(privateMetadata: string): ModalView {
  return modal(VIEWS.status, 'Connection status', 'Show', privateMetadata, [
    connectionPicker(null),
    context(['The status is sent to you privately in the channel where you opened this.']),
  ]);
}
