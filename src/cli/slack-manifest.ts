/**
 * The Slack app manifest (docs/slack.md, "Events and scopes"), built from what the code actually uses. `slack-manifest.yml`
 * at the repository root is `renderManifest({})` (a test keeps them equal), and `celigo-bot manifest`
 * renders the variants: another command name, or HTTP mode with request URLs under a public URL.
 */
import { toYaml, type YamlValue } from './yaml.js';

/**
 * Bot scopes, each for a reason (a test maps the Web API methods called in src/ to scopes and fails on
 * a scope used but missing here, or listed here but unused):
 * - `commands`: the slash command.
 * - `chat:write`: thread cards and replies (chat.postMessage / chat.update / chat.delete) and answers to the
 *   caller (chat.postEphemeral).
 * - `chat:write.public`: the thread is posted in the channel where someone ran the command; in a public
 *   channel the bot has not been invited to, chat.postMessage would otherwise fail with `not_in_channel`
 *   and the thread would never appear. (Private channels still need the bot invited.)
 * - `usergroups:read`: usergroups.users.list, to resolve user groups named in CELIGO_BOT_OPERATORS/ADMINS.
 * `views.*` (modals) and `auth.test` need no scope. Not requested: `users:read` (roles come from user and
 * group IDs, not profiles), `channels:read`/`groups:read` (channel IDs come from Slack's payloads).
 */
export const BOT_SCOPES = ['commands', 'chat:write', 'chat:write.public', 'usergroups:read'] as const;

/**
 * Bot events the app subscribes to (`app.event(...)` registrations in src/slack): user-group changes, so
 * roles granted through a group take effect at once instead of after the membership cache expires.
 */
export const BOT_EVENTS: readonly string[] = ['app_home_opened', 'subteam_members_changed', 'subteam_updated'];

/** Bolt's single endpoint for commands, interactivity, options and events in HTTP mode (docs/slack.md, "Events and scopes"). */
export const SLACK_EVENTS_PATH = '/slack/events';

export const DEFAULT_COMMAND = '/celigo';

export interface ManifestOptions {
  /** HTTP mode: the app's public base URL; Slack then sends everything to `<publicUrl>/slack/events`. */
  readonly publicUrl?: string | undefined;
  /** The slash command (SLACK_COMMAND), default `/celigo`. */
  readonly command?: string | undefined;
  /** Socket Mode (default: on unless a public URL is given). */
  readonly socketMode?: boolean | undefined;
}

const USAGE_HINT = 'help | connections | link <connection> [customer] | redirect <connection> <url> | status | audit';

const LONG_DESCRIPTION = [
  'Partner staff run OAuth 2.0 authorizations for their customers without ever seeing the customer’s credentials.',
  'The /celigo command sets where a customer lands after authorizing a Celigo integrator.io connection,',
  'creates the customer-facing authorization link, and follows each authorization in a Slack thread:',
  'link created, opened, completed, expired, and later when the connection needs re-authorization.',
  'Every action is written to a tamper-evident audit log.',
].join(' ');

/** The manifest as an object (Slack's manifest schema, `_metadata.major_version` 1). */
export function buildManifest(opts: ManifestOptions = {}): { readonly [key: string]: YamlValue } {
  const command = opts.command ?? DEFAULT_COMMAND;
  const publicUrl = opts.publicUrl?.replace(/\/+$/, '');
  const socketMode = opts.socketMode ?? publicUrl === undefined;
  if (!socketMode && publicUrl === undefined) {
    throw new Error('An HTTP-mode manifest needs a public URL (Slack must know where to send requests).');
  }
  const requestUrl = !socketMode && publicUrl !== undefined ? `${publicUrl}${SLACK_EVENTS_PATH}` : undefined;
  const withUrl = (key: string): { [key: string]: string } => (requestUrl === undefined ? {} : { [key]: requestUrl });

  const settings: { [key: string]: YamlValue } = {};
  if (BOT_EVENTS.length) settings['event_subscriptions'] = { ...withUrl('request_url'), bot_events: [...BOT_EVENTS] };
  settings['interactivity'] = {
    is_enabled: true,
    ...withUrl('request_url'),
    // The connection picker is an external_select: Slack asks this URL for options (HTTP mode only).
    ...withUrl('message_menu_options_url'),
  };
  settings['org_deploy_enabled'] = false;
  settings['socket_mode_enabled'] = socketMode;
  settings['token_rotation_enabled'] = false;

  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'Celigo OAuth Links',
      description: 'Customer OAuth 2.0 authorization links for Celigo connections, followed in Slack threads.',
      long_description: LONG_DESCRIPTION,
      background_color: '#1d3557',
    },
    features: {
      // No Home tab: everything happens through the command and threads. The Messages tab is on but
      // read-only, because when an ephemeral answer cannot reach someone (no channel, not a member) the
      // app falls back to a direct message, which users see there.
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: true },
      bot_user: { display_name: 'celigo-bot', always_online: true },
      slash_commands: [
        {
          command,
          ...withUrl('url'),
          description: 'Customer authorization links, landing pages, status and audit for Celigo connections',
          usage_hint: USAGE_HINT,
          // Connection names and URLs must arrive as typed, not as Slack's <…> escapes.
          should_escape: false,
        },
      ],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings,
  };
}

function header(opts: ManifestOptions): string {
  const socket = opts.socketMode ?? opts.publicUrl === undefined;
  const mode = socket
    ? [
        '# Socket Mode: no public URL is needed for Slack traffic.',
        '# After creating the app: Basic Information → App-Level Tokens → generate one with connections:write',
        '# and set it as SLACK_APP_TOKEN (xapp-…); install the app and set SLACK_BOT_TOKEN (xoxb-…).',
      ]
    : [
        '# HTTP mode: Slack sends commands, interactivity and options to the request URLs below.',
        '# After creating the app: set SLACK_SIGNING_SECRET (Basic Information → Signing Secret), install',
        '# the app and set SLACK_BOT_TOKEN (xoxb-…). Leave SLACK_APP_TOKEN unset.',
      ];
  return [
    '# Slack app manifest for celigo-oauth-bot.',
    '# Create the app in one step: https://api.slack.com/apps → Create New App → From a manifest → paste this.',
    ...mode,
    '# Other setups: celigo-bot manifest --public-url https://bot.example.com (SLACK_COMMAND renames the command).',
    '',
  ].join('\n');
}

/** The manifest as YAML with a short how-to header. */
export function renderManifest(opts: ManifestOptions = {}): string {
  return `${header(opts)}${toYaml(buildManifest(opts))}`;
}
