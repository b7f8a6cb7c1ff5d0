/**
 * `celigo-bot manifest [--public-url URL]`: the Slack app manifest for this configuration. Socket Mode
 * unless a public URL is given, or the settings are for HTTP mode (no SLACK_APP_TOKEN) with PUBLIC_URL set.
 * The slash command follows SLACK_COMMAND. The YAML goes to stdout, the explanation to stderr, so
 * `celigo-bot manifest > manifest.yml` gives a clean file.
 */
import { type CliIo, write } from './output.js';
import { loadConfigLeniently } from './settings.js';
import { renderManifest } from './slack-manifest.js';

export async function manifestCommand(io: CliIo, publicUrlFlag: string | undefined): Promise<number> {
  const { config, badVariables } = loadConfigLeniently(io.env);
  if (badVariables.has('SLACK_COMMAND')) {
    await write(io.stderr, 'celigo-bot: SLACK_COMMAND is not valid (it must look like /celigo); fix it first.\n');
    return 1;
  }
  let publicUrl: string | undefined;
  let why: string;
  if (publicUrlFlag !== undefined) {
    publicUrl = checkPublicUrl(publicUrlFlag);
    if (publicUrl === undefined) {
      await write(io.stderr, `celigo-bot: --public-url must be an http(s) base URL such as https://bot.example.com\n`);
      return 2;
    }
    why = `HTTP mode: Slack will send requests to ${publicUrl}/slack/events`;
  } else if (!config.slack.socketMode && config.http.publicUrl !== null && !badVariables.has('PUBLIC_URL')) {
    publicUrl = config.http.publicUrl;
    why = `HTTP mode (SLACK_APP_TOKEN is not set; PUBLIC_URL is): Slack will send requests to ${publicUrl}/slack/events`;
  } else {
    why = 'Socket Mode (no URLs); pass --public-url URL for an HTTP-mode manifest';
  }
  await write(io.stdout, renderManifest({ command: config.slack.command, ...(publicUrl ? { publicUrl } : {}) }));
  await write(io.stderr, `${why}.\n`);
  if (publicUrl?.startsWith('http:')) {
    await write(io.stderr, 'Note: Slack accepts only https request URLs; use https in production.\n');
  }
  return 0;
}

function checkPublicUrl(text: string): string | undefined {
  try {
    const u = new URL(text);
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.search || u.hash || u.username || u.password) {
      return undefined;
    }
    return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
