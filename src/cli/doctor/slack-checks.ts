/** The Slack bot token and its scopes, and in Socket Mode the app-level token. */
import { ErrorCode, WebClient } from '@slack/web-api';
import { classifySlackError } from '../../adapters/slack/slack-errors.js';
import type { Config } from '../../config.js';
import { type Logger, toBoltLogger } from '../../logger.js';
import { BOT_SCOPES } from '../slack-manifest.js';
import { type CheckLine, errorReason } from './check-line.js';

function slackClient(token: string, config: Config, logger: Logger, timeoutMs: number): WebClient {
  return new WebClient(token, {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: toBoltLogger(logger),
  });
}

/**
 * Slack's platform error code (`invalid_auth`), the HTTP status, or for a network failure its code
 * (`ECONNREFUSED`), which says more to an operator than the outbox's `network`; never the token.
 */
function slackFailure(err: unknown): { code: string; platform: boolean } {
  const { code } = classifySlackError(err);
  const platform = (err as { code?: unknown }).code === ErrorCode.PlatformError;
  return { code: code === 'network' || code === 'internal' ? errorReason(err) : code, platform };
}

const SLACK_TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

export async function checkSlackBot(config: Config, logger: Logger, timeoutMs: number): Promise<CheckLine[]> {
  const client = slackClient(config.slack.botToken, config, logger, timeoutMs);
  let res: Awaited<ReturnType<WebClient['auth']['test']>>;
  try {
    res = await client.auth.test();
  } catch (err) {
    const { code, platform } = slackFailure(err);
    return [
      {
        status: 'fail',
        text: platform
          ? `Slack bot token: refused by Slack (${code})`
          : `Slack bot token: could not reach Slack at ${config.slack.apiUrl} (${code})`,
        fix: !platform
          ? 'check network access to Slack (or SLACK_API_URL if you set it)'
          : SLACK_TOKEN_ERRORS.has(code)
            ? 'copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app if it was removed'
            : 'see https://api.slack.com/methods/auth.test for this error',
      },
    ];
  }
  const who = [res.team ? `workspace ${res.team}` : null, res.user ? `bot @${res.user}` : null]
    .filter(Boolean)
    .join(', ');
  const lines: CheckLine[] = [{ status: 'pass', text: `Slack bot token: accepted${who ? ` (${who})` : ''}` }];
  const granted = res.response_metadata?.scopes;
  if (!granted) {
    lines.push({
      status: 'warn',
      text: 'Slack scopes: Slack did not report the token’s scopes, so they were not compared with the manifest',
    });
    return lines;
  }
  const missing = BOT_SCOPES.filter((s) => !granted.includes(s));
  lines.push(
    missing.length
      ? {
          status: 'fail',
          text: `Slack scopes: missing ${missing.join(', ')}`,
          fix: 'add them under OAuth & Permissions → Bot Token Scopes (or update the app from slack-manifest.yml), then reinstall the app to the workspace',
        }
      : { status: 'pass', text: `Slack scopes: ${BOT_SCOPES.join(', ')} granted` },
  );
  return lines;
}

export async function checkSlackAppToken(config: Config, logger: Logger, timeoutMs: number): Promise<CheckLine> {
  const token = config.slack.appToken;
  if (token === null) {
    return { status: 'fail', text: 'Slack app token: missing', fix: 'set SLACK_APP_TOKEN (xapp-…)' };
  }
  try {
    // Asks for a Socket Mode URL without connecting: proves the app-level token and connections:write.
    await slackClient(token, config, logger, timeoutMs).apps.connections.open();
    return { status: 'pass', text: 'Slack app token: set and accepted (Socket Mode)' };
  } catch (err) {
    const { code, platform } = slackFailure(err);
    return {
      status: 'fail',
      text: platform
        ? `Slack app token: refused by Slack (${code})`
        : `Slack app token: could not reach Slack at ${config.slack.apiUrl} (${code})`,
      fix: platform
        ? 'generate an app-level token with the connections:write scope (Basic Information → App-Level Tokens), set it as SLACK_APP_TOKEN, and enable Socket Mode'
        : 'check network access to Slack (or SLACK_API_URL if you set it)',
    };
  }
}
