/**
 * `celigo-bot doctor`: one line per check (✓ pass, ✗ fail, ⚠ warning, – skipped) and, under each failure or
 * warning, how to fix it. Exit 0 when nothing failed. It talks to the same systems the app does, with the
 * same settings, but never prints a secret: every line is written here from codes and names, never from
 * a library's error text or a token.
 */
import type { Writable } from 'node:stream';
import { CELIGO_REGION_URLS } from '../config.js';
import { createLogger } from '../logger.js';
import { checkCeligoAccount } from './doctor/celigo-check.js';
import type { CheckLine, Status } from './doctor/check-line.js';
import { checkDatabase } from './doctor/database-check.js';
import { checkHomeEvents } from './doctor/home-events-check.js';
import { checkPublicUrl } from './doctor/public-url-check.js';
import { settingWarnings } from './doctor/settings-checks.js';
import { checkSlackAppToken, checkSlackBot } from './doctor/slack-checks.js';
import { type CliIo, write } from './output.js';
import { findingLines } from './probe/findings-lines.js';
import { loadConfigLeniently } from './settings.js';

export interface DoctorOptions {
  /** Base URLs tried to tell which region a refused Celigo token belongs to (tests use fakes). */
  readonly regionUrls?: { readonly us: string; readonly eu: string };
  /** Per network check (default 10 s). */
  readonly timeoutMs?: number;
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
  if (bad('CELIGO_API_TOKEN', 'CELIGO_API_URL', 'CELIGO_REGION', 'CELIGO_ACCOUNTS')) {
    await skipped('Celigo API token', ['CELIGO_API_TOKEN', 'CELIGO_API_URL', 'CELIGO_REGION', 'CELIGO_ACCOUNTS']);
  } else {
    // Every account's token and region; one account's failure does not hide the others.
    for (const account of config.celigo.accounts) {
      await report(await checkCeligoAccount(account, config, logger, timeoutMs, opts.regionUrls ?? CELIGO_REGION_URLS));
    }
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
