/**
 * `celigo-bot doctor`: one line per check (✓ pass, ✗ fail, ⚠ warning, – skipped) and, under each failure or
 * warning, how to fix it. Exit 0 when nothing failed. It talks to the same systems the app does, with the
 * same settings, but never prints a secret: every line is written here from codes and names, never from
 * a library's error text or a token.
 */
import type { Writable } from 'node:stream';
import { WebClient } from '@slack/web-api';
import { createCeligoGateway } from '../adapters/celigo/index.js';
import { openStorage } from '../adapters/storage/index.js';
import { CELIGO_REGION_URLS, type Config } from '../config.js';
import { isOpenPolicy } from '../domain/access.js';
import { createLogger, type Logger, toBoltLogger } from '../logger.js';
import { CeligoError } from '../ports/celigo-errors.js';
import { auditKeyLine } from './doctor-audit-key.js';
import { checkHomeEvents } from './doctor-events.js';
import { type CliIo, write } from './output.js';
import { findingLines } from './probe/findings-lines.js';
import { loadConfigLeniently } from './settings.js';
import { BOT_SCOPES } from './slack-manifest.js';

export interface DoctorOptions {
  /** Base URLs tried to tell which region a refused Celigo token belongs to (tests use fakes). */
  readonly regionUrls?: { readonly us: string; readonly eu: string };
  /** Per network check (default 10 s). */
  readonly timeoutMs?: number;
}

type Status = 'pass' | 'fail' | 'warn' | 'skip';

interface CheckLine {
  readonly status: Status;
  readonly text: string;
  readonly fix?: string;
}

const MARK: Readonly<Record<Status, string>> = { pass: '✓', fail: '✗', warn: '⚠', skip: '–' };

export async function runDoctor(io: CliIo, opts: DoctorOptions = {}): Promise<number> {
  const out = io.stdout;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const logger = createLogger({ level: 'error', destination: io.stderr });
  const lines: CheckLine[] = [];
  const report = async (line: CheckLine) => {
    lines.push(line);
    await print(out, line);
  };

  await write(out, 'celigo-bot doctor\n');
  const { config, problems, badVariables } = loadConfigLeniently(io.env);
  const bad = (...names: string[]) => names.some((n) => badVariables.has(n));
  const skipped = (what: string, names: string[]) =>
    report({
      status: 'skip',
      text: `${what}: not checked until ${names.filter((n) => badVariables.has(n)).join(', ')} is fixed`,
    });

  // 1. Settings.
  if (problems.length === 0) {
    await report({
      status: 'pass',
      text: `Settings: valid (${config.slack.socketMode ? 'Socket Mode' : 'HTTP mode'}, ${config.db.kind} database)`,
    });
  } else {
    for (const problem of problems) {
      await report({
        status: 'fail',
        text: `Setting ${problem}`,
        fix: 'set it in the environment or .env (see .env.example)',
      });
    }
  }
  for (const warning of settingWarnings(config, badVariables)) await report(warning);

  // 2. Database.
  if (bad('DATABASE_URL')) await skipped('Database', ['DATABASE_URL']);
  else {
    const db = await checkDatabase(config, logger);
    await report(db);
    if (db.status === 'pass') for (const line of await findingLines(config, logger)) await report(line);
  }
  if (!bad('DATABASE_URL')) await report(await checkHomeEvents(config, logger));

  // 3. Slack.
  if (bad('SLACK_BOT_TOKEN', 'SLACK_API_URL')) await skipped('Slack bot token', ['SLACK_BOT_TOKEN', 'SLACK_API_URL']);
  else for (const line of await checkSlackBot(config, logger, timeoutMs)) await report(line);
  if (config.slack.socketMode) {
    if (bad('SLACK_APP_TOKEN', 'SLACK_API_URL')) await skipped('Slack app token', ['SLACK_APP_TOKEN', 'SLACK_API_URL']);
    else await report(await checkSlackAppToken(config, logger, timeoutMs));
  } else if (bad('SLACK_SIGNING_SECRET')) {
    await skipped('Slack HTTP mode', ['SLACK_SIGNING_SECRET']);
  } else if (!bad('SLACK_APP_TOKEN')) {
    // The signing secret cannot be checked from here: only Slack's signed requests prove it.
    await report({
      status: 'pass',
      text: `Slack HTTP mode: signing secret set; Slack must reach ${config.http.publicUrl ?? 'your public URL'}/slack/events`,
    });
  }

  // 4. Celigo.
  if (bad('CELIGO_API_TOKEN', 'CELIGO_API_URL', 'CELIGO_REGION')) {
    await skipped('Celigo API token', ['CELIGO_API_TOKEN', 'CELIGO_API_URL', 'CELIGO_REGION']);
  } else {
    const explicitUrl = (io.env['CELIGO_API_URL'] ?? '').trim() !== '';
    await report(await checkCeligo(config, logger, timeoutMs, explicitUrl, opts.regionUrls ?? CELIGO_REGION_URLS));
  }

  // 5. PUBLIC_URL.
  if (bad('PUBLIC_URL')) await skipped('PUBLIC_URL', ['PUBLIC_URL']);
  else if (config.http.publicUrl !== null) await report(await checkPublicUrl(config.http.publicUrl, timeoutMs));

  const failed = lines.filter((l) => l.status === 'fail').length;
  const warned = lines.filter((l) => l.status === 'warn').length;
  const tail = warned ? ` (${warned} warning${warned === 1 ? '' : 's'})` : '';
  await write(
    out,
    failed
      ? `\n${failed} check${failed === 1 ? '' : 's'} failed${tail}. Fix the ✗ lines above, then run celigo-bot doctor again.\n`
      : `\nAll checks passed${tail}.\n`,
  );
  return failed ? 1 : 0;
}

async function print(out: Writable, line: CheckLine): Promise<void> {
  await write(out, `${MARK[line.status]} ${line.text}\n${line.fix ? `    fix: ${line.fix}\n` : ''}`);
}

function settingWarnings(config: Config, badVariables: ReadonlySet<string>): CheckLine[] {
  const out: CheckLine[] = [];
  if (
    isOpenPolicy(config.access) &&
    !badVariables.has('CELIGO_BOT_OPERATORS') &&
    !badVariables.has('CELIGO_BOT_ADMINS')
  ) {
    out.push({
      status: 'warn',
      text: 'Access: no CELIGO_BOT_OPERATORS or CELIGO_BOT_ADMINS, so everyone in the workspace may do everything',
      fix: 'set CELIGO_BOT_OPERATORS and CELIGO_BOT_ADMINS to Slack user IDs (U…) or user-group IDs (S…)',
    });
  }
  if (config.http.publicUrl === null && !badVariables.has('PUBLIC_URL')) {
    out.push({
      status: 'warn',
      text: 'PUBLIC_URL is not set: customers get raw Celigo authorization URLs, and there is no return relay (completion is found by polling only)',
      fix: 'set PUBLIC_URL to the https address where this app is reachable, e.g. https://bot.example.com',
    });
  }
  if (config.redirect.allowedHosts.length === 0 && !badVariables.has('REDIRECT_ALLOWED_HOSTS')) {
    out.push({
      status: 'warn',
      text: 'REDIRECT_ALLOWED_HOSTS is not set: admins may point landing pages at any https host',
      fix: 'set REDIRECT_ALLOWED_HOSTS to your hosts, e.g. example.com,*.example.com',
    });
  }
  if (!badVariables.has('AUDIT_KEY')) out.push(auditKeyLine(config));
  return out;
}

/** What to show for the database: never the PostgreSQL URL itself (it may hold a password). */
function describeDb(db: Config['db']): string {
  if (db.kind === 'sqlite') return `SQLite ${db.sqlitePath ?? db.url.slice('sqlite:'.length)}`;
  try {
    const u = new URL(db.url);
    return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

async function checkDatabase(config: Config, logger: Logger): Promise<CheckLine> {
  const what = describeDb(config.db);
  let storage: Awaited<ReturnType<typeof openStorage>> | undefined;
  try {
    // Opening runs the migrations, as the app does at start.
    storage = await openStorage(config.db, logger);
    await storage.ping();
    return { status: 'pass', text: `Database: ${what} opened, migrations applied, ping OK` };
  } catch (err) {
    return {
      status: 'fail',
      text: `Database: ${what} could not be opened (${errorCode(err)})`,
      fix:
        config.db.kind === 'sqlite'
          ? 'check DATABASE_URL=sqlite:<path>: the directory must exist or be creatable, and be writable by this user'
          : 'check DATABASE_URL=postgres://user@host:port/database: the server must be reachable and the user allowed to create tables',
    };
  } finally {
    await storage?.close().catch(() => undefined);
  }
}

/**
 * A short reason for an error: its code (`ENOTDIR`, `ECONNREFUSED`, `SQLITE_CANTOPEN`…) from anywhere in the
 * cause chain, else the innermost message (clipped). Network and driver messages carry no tokens.
 */
function errorCode(err: unknown): string {
  const seen = new Set<unknown>();
  let e: unknown = err;
  let innermost: Error | undefined;
  while (e instanceof Error && !seen.has(e)) {
    seen.add(e);
    innermost = e;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause ?? (e as { original?: unknown }).original;
  }
  const message = innermost?.message.replace(/\s+/g, ' ').trim();
  if (message) return message.length > 80 ? `${message.slice(0, 80)}…` : message;
  return innermost?.name ?? 'unknown error';
}

function slackClient(token: string, config: Config, logger: Logger, timeoutMs: number): WebClient {
  return new WebClient(token, {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logger: toBoltLogger(logger),
  });
}

/** Slack's platform error code (`invalid_auth`), or a network error code; never the token. */
function slackFailure(err: unknown): { code: string; platform: boolean } {
  const data = (err as { data?: { error?: unknown } }).data;
  if (typeof data?.error === 'string') return { code: data.error, platform: true };
  return { code: errorCode(err), platform: false };
}

const SLACK_TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);

async function checkSlackBot(config: Config, logger: Logger, timeoutMs: number): Promise<CheckLine[]> {
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

async function checkSlackAppToken(config: Config, logger: Logger, timeoutMs: number): Promise<CheckLine> {
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

async function tokenAccepted(
  baseUrl: string,
  config: Config,
  logger: Logger,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; err: unknown }> {
  const gateway = createCeligoGateway({
    baseUrl,
    apiToken: config.celigo.apiToken,
    timeoutMs: Math.min(timeoutMs, config.celigo.timeoutMs),
    maxRetries: 0,
    logger,
  });
  try {
    await gateway.tokenInfo();
    return { ok: true };
  } catch (err) {
    return { ok: false, err };
  } finally {
    await gateway.close().catch(() => undefined);
  }
}

async function checkCeligo(
  config: Config,
  logger: Logger,
  timeoutMs: number,
  explicitUrl: boolean,
  regionUrls: { readonly us: string; readonly eu: string },
): Promise<CheckLine> {
  const region = config.celigo.region;
  const baseUrl = explicitUrl ? config.celigo.baseUrl : regionUrls[region];
  const first = await tokenAccepted(baseUrl, config, logger, timeoutMs);
  if (first.ok) return { status: 'pass', text: `Celigo API token: accepted by ${baseUrl}` };

  const err = first.err;
  if (err instanceof CeligoError && err.kind === 'auth') {
    // Regions are separate tenants: a US token is refused by the EU API and vice versa (celigo-api.md §2).
    if (!explicitUrl) {
      const other = region === 'us' ? 'eu' : 'us';
      const second = await tokenAccepted(regionUrls[other], config, logger, timeoutMs);
      if (second.ok) {
        return {
          status: 'fail',
          text: `Celigo API token: refused by ${baseUrl}, but accepted by ${regionUrls[other]}`,
          fix: `your token belongs to the ${other.toUpperCase()} region: set CELIGO_REGION=${other}`,
        };
      }
    }
    return {
      status: 'fail',
      text: `Celigo API token: refused by ${baseUrl} (HTTP ${err.status ?? '401'})`,
      fix: 'create a token under Resources → API tokens in integrator.io (Full access, or Custom with your OAuth 2.0 connections) and set CELIGO_API_TOKEN; check it has not expired',
    };
  }
  const kind = err instanceof CeligoError ? err.kind : errorCode(err);
  return {
    status: 'fail',
    text: `Celigo API token: not checked, ${baseUrl} did not answer properly (${kind}${err instanceof CeligoError && err.status ? `, HTTP ${err.status}` : ''})`,
    fix: explicitUrl
      ? 'check CELIGO_API_URL and network access to it'
      : 'check network access to integrator.io and CELIGO_REGION (us or eu)',
  };
}

async function checkPublicUrl(publicUrl: string, timeoutMs: number): Promise<CheckLine> {
  const url = `${publicUrl}/healthz`;
  const fix =
    'start the app, then make sure PUBLIC_URL reaches it: DNS, TLS and the reverse proxy must forward to the app’s PORT';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(Math.min(timeoutMs, 5_000)), redirect: 'manual' });
    await res.body?.cancel();
    if (res.status === 200) return { status: 'pass', text: `PUBLIC_URL: ${url} answered 200` };
    return { status: 'fail', text: `PUBLIC_URL: ${url} answered HTTP ${res.status}, expected 200`, fix };
  } catch (err) {
    const code = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : errorCode(err);
    return { status: 'fail', text: `PUBLIC_URL: ${url} is not reachable (${code})`, fix };
  }
}
