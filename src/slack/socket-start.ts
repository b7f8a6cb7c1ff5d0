/**
 * Socket Mode's first connection. The Socket Mode client reconnects by itself once it has been connected,
 * but gives up on its very first `apps.connections.open` when Slack cannot be reached (network error, 5xx)
 * and the app would exit. Slack being down for a minute is no reason to stop serving /healthz, the customer
 * pages and the outbox: the app starts anyway and keeps trying in the background (docs/slack.md, "Socket
 * Mode"). An answer Slack gives on purpose (`invalid_auth`, a revoked or wrong token) will not change by
 * trying again: that still stops the start, with the reason.
 */
import { errorCode } from '../errors.js';
import type { Logger } from '../logger.js';

export const SOCKET_RETRY_FIRST_MS = 1_000;
export const SOCKET_RETRY_MAX_MS = 30_000;

export interface SocketStartOptions {
  readonly logger: Logger;
  /** Slack could not be reached (network error, 5xx, rate limit), as opposed to Slack refusing or a bug. */
  readonly unreachable: (err: unknown) => boolean;
  readonly firstDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface SocketConnection {
  /** Stops trying (shutdown). Resolves once no attempt is running. */
  stop(): Promise<void>;
}

/**
 * Runs `connect` once; if Slack cannot be reached, resolves anyway and tries again after 1 s, doubling up to
 * 30 s, until it connects or `stop` is called. Any other failure rejects.
 */
export async function startSocket(
  connect: () => Promise<unknown>,
  opts: SocketStartOptions,
): Promise<SocketConnection> {
  const { logger, unreachable } = opts;
  const maxDelayMs = opts.maxDelayMs ?? SOCKET_RETRY_MAX_MS;
  try {
    await connect();
    return { stop: async () => {} };
  } catch (err) {
    if (!unreachable(err)) throw err;
    logger.warn(
      { code: errorCode(err) },
      'Slack cannot be reached; Socket Mode keeps trying to connect in the background.',
    );
  }
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt: Promise<void> = Promise.resolve();
  const retry = (delayMs: number) => {
    timer = setTimeout(() => {
      attempt = (async () => {
        try {
          await connect();
          if (!stopped) logger.info('Socket Mode connected.');
        } catch (err) {
          if (stopped) return;
          if (!unreachable(err)) {
            logger.error({ code: errorCode(err) }, 'Slack refused the Socket Mode connection.');
          }
          retry(Math.min(delayMs * 2, maxDelayMs));
        }
      })();
    }, delayMs);
  };
  retry(opts.firstDelayMs ?? SOCKET_RETRY_FIRST_MS);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await attempt;
    },
  };
}
