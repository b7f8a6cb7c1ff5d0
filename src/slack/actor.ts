/** The Actor always comes from the verified payload (team, user, channel), never from client-echoed values. */
import type { SlashCommand } from '@slack/bolt';
import type { Actor } from '../services/index.js';

export const actorFromCommand = (c: SlashCommand): Actor => ({
  teamId: c.team_id,
  userId: c.user_id,
  channelId: c.channel_id || null,
  requestId: c.trigger_id || `cmd-${Date.now()}`,
});

interface InteractionBody {
  readonly team: { readonly id: string } | null;
  readonly user: { readonly id: string; readonly team_id?: string };
}

/**
 * For interactions. `channelId` is the payload's channel when Slack sends one; for modals it comes from the
 * validated private_metadata, and the services still check the channel and the caller's role.
 */
export const actorFromInteraction = (body: InteractionBody, channelId: string | null, requestId: string): Actor => ({
  teamId: body.team?.id ?? body.user.team_id ?? '',
  userId: body.user.id,
  channelId,
  requestId,
});
