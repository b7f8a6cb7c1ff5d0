/** The ephemeral preview of a landing-page change (current → new) with Confirm / Cancel, and its outcomes. */
import type { KnownBlock } from '@slack/types';
import { actions, button, context, type SlackMessage, section } from './elements.js';
import { clip, escapeMrkdwn, safe, urlOrNotSet } from './escape.js';
import { ACTIONS, BLOCKS } from './ids.js';

export interface PreviewInput {
  readonly changeId: string;
  readonly connection: { readonly id: string; readonly name: string };
  readonly current: string | null;
  readonly next: string | null;
  readonly dryRun: boolean;
  readonly request: string | null;
  readonly alreadyAuthorized: boolean;
  readonly viaRelay?: boolean | undefined;
}

export function redirectPreviewMessage(p: PreviewInput): SlackMessage {
  const name = safe(p.connection.name || p.connection.id, 200);
  const blocks: KnownBlock[] = [
    section(
      `${p.dryRun ? '*Dry run* — nothing will be changed.\n' : ''}Landing page for *${name}* (\`${escapeMrkdwn(
        p.connection.id,
      )}\`):\n*Current:* ${urlOrNotSet(p.current)}\n*New:* ${urlOrNotSet(p.next)}`,
    ),
  ];
  if (p.viaRelay) {
    // What integrator.io will show differs from "New": say so, or an admin comparing the two is surprised.
    blocks.push(
      context([
        'Celigo’s redirect URL will point at this app’s return relay, which checks the connection and then forwards the customer to the new page.',
      ]),
    );
  }
  if (p.alreadyAuthorized) {
    blocks.push(context(['This connection is already authorized; the new page applies to the next authorization.']));
  }
  if (p.dryRun) {
    const req = escapeMrkdwn(clip(p.request ?? '', 2700).replace(/```/g, "'''"));
    blocks.push(section(`Celigo request that would be sent:\n\`\`\`${req}\`\`\``));
  } else {
    blocks.push(
      actions(BLOCKS.redirectButtons, [
        button({ text: 'Confirm', actionId: ACTIONS.redirectConfirm, value: p.changeId, style: 'primary' }),
        button({ text: 'Cancel', actionId: ACTIONS.redirectCancel, value: p.changeId }),
      ]),
    );
  }
  return { text: `${p.dryRun ? 'Dry run: ' : ''}change the landing page of ${name}?`, blocks };
}
