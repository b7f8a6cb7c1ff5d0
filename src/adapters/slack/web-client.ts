/**
 * The WebClient for outbound delivery. The outbox owns retries, so the client must not retry for half an
 * hour on its own (slack-bolt.md §10). Its debug log is filtered: web-api logs whole request bodies and
 * results at debug level, and those hold customer links (SPEC §6: never in logs).
 */
import type { Logger as BoltLogger } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from '../../config.js';
import { type Logger, toBoltLogger } from '../../logger.js';

const BODY_LINES = /^http (request body|request result|request headers|response body)/;

/** A Bolt/web-api logger that drops web-api's body dumps and passes everything else through. */
export function bodylessSlackLogger(logger: Logger): BoltLogger {
  const base = toBoltLogger(logger);
  return {
    ...base,
    debug: (...msgs: unknown[]) => {
      if (typeof msgs[0] === 'string' && BODY_LINES.test(msgs[0])) return;
      base.debug(...msgs);
    },
  };
}

export function createSlackWebClient(
  config: Config,
  logger: Logger,
  options: Partial<WebClientOptions> = {},
): WebClient {
  return new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: { retries: 0 },
    timeout: 15_000,
    ...options,
    logger: bodylessSlackLogger(logger),
  });
}
