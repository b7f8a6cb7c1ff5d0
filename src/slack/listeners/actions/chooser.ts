/** The chooser modal's buttons swap the modal for the one chosen (same private_metadata). */

import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { linkModal, redirectModal, statusModal } from '../../../blocks/modals.js';
import type { ListenerDeps } from '../../deps.js';
import { decodeMetadata, encodeMetadata } from '../../parse/view-state.js';

type Args = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

export function chooserButton(_deps: ListenerDeps, build: (meta: string) => ModalView) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view) return;
    const meta = decodeMetadata(view.private_metadata) ?? { channelId: null, idempotencyKey: randomUUID() };
    await client.views.update({ view_id: view.id, hash: view.hash, view: build(encodeMetadata(meta)) });
  };
}

export const chooseLink = (deps: ListenerDeps) => chooserButton(deps, (m) => linkModal(m));
export const chooseRedirect = (deps: ListenerDeps) => chooserButton(deps, (m) => redirectModal(m));
export const chooseStatus = (deps: ListenerDeps) => chooserButton(deps, (m) => statusModal(m));
