import { accountOf } from '../../domain/account.js';
import { checkAuthorizationUrl, needsRedirectUrlToDecide } from '../../domain/authorization-url-guard.js';
import { UNSAFE_REDIRECT_EXPLANATION } from '../../domain/celigo-findings.js';
import type { ConnectionSummary } from '../../domain/connection.js';
import type { ThreadKey } from '../../domain/notification.js';
import { entry } from '../common/audit-recorder.js';
import { celigoFailure } from '../common/celigo-failure.js';
import type { ServiceContext } from '../common/context.js';
import { announce } from '../common/thread-notices.js';
import { rebaselineAfterOwnWrite } from '../landing/index.js';

/** Who ran into the dangerous reading: a Slack user creating a link, or a customer pressing Continue (null user). */
export interface GuardWitness {
  readonly teamId: string;
  readonly userId: string | null;
  readonly channelId: string;
  readonly requestId: string | null;
  readonly customerLabel: string | null;
}

export interface ContainResult {
  /** The value put back into oauth2RedirectUrl (null: removed), or undefined when putting it back failed. */
  readonly restoredTo: string | null | undefined;
  /** Plain words for the caller. */
  readonly message: string;
}

/** Audit actions whose before → after are Celigo's own oauth2RedirectUrl values, newest first when walked. */
const FIELD_CHANGES = new Set(['relay.set', 'redirect.set', 'redirect.undo', 'redirect.restored']);

/**
 * The authorization-URL guard (docs/celigo-api.md, Q-redirect-url-meaning): every authorization URL is checked
 * before it reaches a customer or a thread. When Celigo turns out to treat oauth2RedirectUrl as the provider
 * callback, the field goes back to the value it had before the app changed it, the account is remembered as
 * "no relay, no landing pages", and the thread is told.
 */
export function buildAuthorizationUrlGuard(ctx: ServiceContext) {
  const log = ctx.logger.child({ module: 'authorization-url-guard' });

  /**
   * True when the URL may be handed out. `redirectUrl` is the connection's oauth2RedirectUrl when the caller
   * has it; otherwise it is read from Celigo, and only when the URL's redirect_uri is not plainly Celigo's.
   */
  async function isSafe(connectionId: string, url: string, redirectUrl?: string | null): Promise<boolean> {
    let current = redirectUrl;
    if (current === undefined && needsRedirectUrlToDecide(url)) {
      current = (await ctx.celigo.getConnection(connectionId)).redirectUrl ?? null;
    }
    const verdict = checkAuthorizationUrl(url, current);
    // The verdict only: the URL itself is a secret.
    log.info({ connectionId, verdict }, 'Authorization URL checked.');
    return verdict !== 'dangerous';
  }

  /** Celigo's value now; null when it cannot be read (then nothing is written back). */
  async function currentRedirectUrl(connectionId: string): Promise<string | null> {
    try {
      return (await ctx.celigo.getConnection(connectionId)).redirectUrl ?? null;
    } catch {
      return null;
    }
  }

  /** The oauth2RedirectUrl before the app's changes: follows the audited changes back from `current`. */
  async function valueBeforeTheApp(connectionId: string, current: string | null): Promise<string | null> {
    let value = current;
    const entries = await ctx.storage.audit.query({ connectionId, order: 'desc', limit: 500 });
    for (const e of entries) {
      if (e.result === 'ok' && FIELD_CHANGES.has(e.action) && e.after === value) value = e.before;
    }
    return value;
  }

  async function contain(
    witness: GuardWitness,
    conn: { readonly id: string; readonly name: string; readonly redirectUrl?: string | null | undefined },
  ): Promise<ContainResult> {
    const current = conn.redirectUrl !== undefined ? conn.redirectUrl : await currentRedirectUrl(conn.id);
    const restore = await valueBeforeTheApp(conn.id, current);
    let restoredTo: string | null | undefined = restore;
    let failure: string | undefined;
    let written: ConnectionSummary | undefined;
    if (restore !== current) {
      try {
        written = (await ctx.celigo.setRedirectUrl(conn.id, restore)).connection;
      } catch (err) {
        restoredTo = undefined;
        failure = celigoFailure(err).kind;
      }
    }
    const at = ctx.clock.now();
    const thread: ThreadKey = { teamId: witness.teamId, channelId: witness.channelId, connectionId: conn.id };
    await ctx.storage.transaction(async (tx) => {
      // Putting the field back is the app's own write: it must not read as a customer's authorization.
      if (written) await rebaselineAfterOwnWrite(tx, written);
      await tx.findings.save({
        account: accountOf(conn.id),
        name: 'redirect_url_meaning',
        value: 'provider_callback',
        source: 'guard',
        at,
      });
      const settings = await tx.settings.get(conn.id);
      await tx.settings.save({
        connectionId: conn.id,
        landingUrl: settings?.landingUrl ?? null,
        relayActive: false,
        updatedBy: witness.userId,
        updatedAt: at,
      });
      await ctx.record(
        tx,
        entry({
          teamId: witness.teamId,
          userId: witness.userId,
          channelId: witness.channelId,
          requestId: witness.requestId,
          action: 'redirect.restored',
          result: failure === undefined ? 'ok' : 'failed',
          connectionId: conn.id,
          before: current,
          after: failure === undefined ? restore : current,
          detail:
            failure === undefined
              ? 'Celigo put oauth2RedirectUrl into the authorization URL as the provider callback; relay and landing pages are off for this account'
              : `could not put oauth2RedirectUrl back: ${failure}`,
        }),
      );
      await announce(
        tx,
        thread,
        { connectionName: conn.name, lastEvent: 'authorization link withheld' },
        {
          type: 'redirect.guarded',
          by: witness.userId,
          customerLabel: witness.customerLabel,
          restored: failure === undefined && restore !== current,
          restoredTo: restore,
        },
        at,
      );
    });
    log.warn(
      { connectionId: conn.id, restored: failure === undefined },
      'Authorization URL withheld: dangerous reading.',
    );
    const back =
      failure !== undefined
        ? 'Putting the connection’s landing-page address back failed: an admin should clear it in integrator.io.'
        : restore === current
          ? 'This app did not set the connection’s landing-page address, so it left it alone: an admin should clear it in integrator.io.'
          : `The connection’s landing-page address is back to ${restore === null ? 'empty' : 'what it was before this app changed it'}.`;
    return {
      restoredTo,
      message: `No link was handed out. ${UNSAFE_REDIRECT_EXPLANATION} ${back} From now on this app leaves that address alone on this account; create the link again and it will work without a landing page.`,
    };
  }

  return { isSafe, contain };
}

export type AuthorizationUrlGuard = ReturnType<typeof buildAuthorizationUrlGuard>;
