import type { Button } from '@slack/types';
import { button } from './elements.js';
import { clip } from './escape.js';
import { ACTIONS } from './ids.js';

/** Revoke a pending link, with a confirmation: used in the thread (link, reminder) and on the Home tab. */
export const revokeLinkButton = (linkId: string): Button =>
  button({
    text: 'Revoke link',
    actionId: ACTIONS.revokeLink,
    value: linkId,
    style: 'danger',
    confirm: {
      title: 'Revoke this link?',
      text: `The customer will no longer be able to use it. You can create a new one with the command.`,
      confirm: 'Revoke',
      deny: 'Keep it',
    },
  });

/** Value of the Re-authorize button: the connection, a display name and the last customer label to pre-fill. */
export const reauthorizeValue = (connectionId: string, connectionName: string, label?: string | null): string =>
  JSON.stringify({ id: connectionId, name: clip(connectionName, 70), ...(label ? { label: clip(label, 200) } : {}) });

/** Opens the link form pre-filled (connection, customer label): submitting it unchanged creates the link. */
export const reauthorizeButton = (
  text: string,
  connectionId: string,
  connectionName: string,
  label?: string | null,
): Button =>
  button({
    text,
    actionId: ACTIONS.reauthorize,
    value: reauthorizeValue(connectionId, connectionName, label),
    style: 'primary',
  });
