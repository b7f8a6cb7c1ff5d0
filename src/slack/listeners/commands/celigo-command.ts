/**
 * `/celigo` (SPEC §4). Ack first — within 3 s, before any Celigo call — then open a modal on the
 * trigger_id or do the slow work and answer with an ephemeral message.
 */
import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { accountsMessage } from '../../../blocks/accounts-list.js';
import { auditPageMessage } from '../../../blocks/audit-page.js';
import { connectionsListMessage } from '../../../blocks/connections-list.js';
import { safe } from '../../../blocks/escape.js';
import { helpMessage } from '../../../blocks/help.js';
import { chooserModal, linkModal, redirectModal } from '../../../blocks/modals.js';
import { errorNotice, okNotice } from '../../../blocks/notice.js';
import { redirectPreviewMessage } from '../../../blocks/redirect-preview.js';
import { statusMessage } from '../../../blocks/status-view.js';
import { nameWithAccount } from '../../../domain/account.js';
import { actorFromCommand } from '../../actor.js';
import type { ListenerDeps } from '../../deps.js';
import { failureMessage } from '../../failure.js';
import { logOf } from '../../middleware/request-context.js';
import { parseCommandText } from '../../parse/command-text.js';
import { encodeMetadata } from '../../parse/view-state.js';
import { replyEphemeral } from '../../reply.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function celigoCommand(deps: ListenerDeps) {
  const cmd = deps.config.slack.command;
  return async ({ command, ack, respond, client, context }: Args): Promise<void> => {
    const parsed = parseCommandText(command.text ?? '', cmd);
    const actor = actorFromCommand(command);
    const log = logOf(context, deps.logger);
    const target = { client, userId: actor.userId, channelId: actor.channelId, respond, log };
    const meta = () => encodeMetadata({ channelId: actor.channelId, idempotencyKey: randomUUID() });
    const fail = (r: { code: string; message: string }) =>
      replyEphemeral(target, failureMessage(r.code, r.message, cmd));

    switch (parsed.kind) {
      case 'invalid': {
        // Nothing slow to do: the answer rides on the ack itself.
        const m = errorNotice(parsed.message);
        await ack({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
        if (parsed.linkRefusal) await deps.services.links.formRefused(actor, null, [parsed.linkRefusal]);
        return;
      }
      case 'menu':
        await ack();
        await client.views.open({ trigger_id: command.trigger_id, view: chooserModal(meta()) });
        return;
      case 'link_modal': {
        await ack();
        // Who may use the form is checked before it opens, not only on submit.
        const allowed = await deps.services.access.check(actor, 'generate_link');
        if (!allowed.ok) return fail(allowed);
        // With a connection typed but no label, the picker starts on what was typed (an id or a name; the
        // service resolves either on submit).
        await client.views.open({
          trigger_id: command.trigger_id,
          view: linkModal(
            meta(),
            parsed.connectionRef ? { id: parsed.connectionRef, name: parsed.connectionRef } : null,
          ),
        });
        return;
      }
      case 'redirect_modal': {
        await ack();
        const allowed = await deps.services.access.check(actor, 'set_redirect');
        if (!allowed.ok) return fail(allowed);
        await client.views.open({ trigger_id: command.trigger_id, view: redirectModal(meta()) });
        return;
      }
      case 'help': {
        await ack();
        const view = await deps.services.access.describe(actor);
        await replyEphemeral(
          target,
          helpMessage({ command: cmd, open: view.open, channelAllowed: view.channelAllowed, allowed: view.allowed }),
        );
        return;
      }
      case 'connections': {
        await ack();
        const r = await deps.services.connections.list(actor, parsed.filter);
        await (r.ok
          ? replyEphemeral(target, connectionsListMessage(r.value, parsed.filter, deps.services.accounts.names()))
          : fail(r));
        return;
      }
      case 'accounts': {
        await ack();
        const r = await deps.services.accounts.overview(actor);
        await (r.ok ? replyEphemeral(target, accountsMessage(r.value)) : fail(r));
        return;
      }
      case 'link': {
        await ack();
        const r = await deps.services.links.generate(actor, {
          connectionRef: parsed.connectionRef,
          customerLabel: parsed.customerLabel,
          idempotencyKey: `cmd:${command.trigger_id}`,
        });
        if (!r.ok) return fail(r);
        const issued = r.value;
        await replyEphemeral(
          target,
          okNotice(
            issued.duplicate
              ? `That link was already created for ${safe(issued.link.customerLabel || 'the customer', 200)}; see the thread for *${safe(nameWithAccount(issued.connection.name, issued.connection.id), 200)}*.`
              : `:key: Link created for ${safe(issued.link.customerLabel || 'the customer', 200)} on *${safe(nameWithAccount(issued.connection.name, issued.connection.id), 200)}*. It is posted in this channel’s thread for the connection.`,
          ),
        );
        return;
      }
      case 'redirect': {
        await ack();
        const r = await deps.services.redirects.preview(actor, parsed.connectionRef, parsed.url, parsed.dryRun);
        if (!r.ok) return fail(r);
        await replyEphemeral(target, redirectPreviewMessage(r.value));
        return;
      }
      case 'status': {
        await ack();
        const r = await deps.services.connections.status(actor, parsed.connectionRef);
        await (r.ok ? replyEphemeral(target, statusMessage(r.value)) : fail(r));
        return;
      }
      case 'audit': {
        await ack();
        const r = await deps.services.audit.latest(actor, {
          ...(parsed.connectionRef ? { connectionRef: parsed.connectionRef } : {}),
          limit: 15,
        });
        await (r.ok
          ? replyEphemeral(
              target,
              auditPageMessage(r.value.entries, {
                connectionRef: parsed.connectionRef,
                nextBeforeSeq: r.value.nextBeforeSeq,
              }),
            )
          : fail(r));
        return;
      }
    }
  };
}
