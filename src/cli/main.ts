/**
 * `celigo-bot`: the operator's command line. `bin/celigo-bot.js` loads `.env` and calls runCli
 * with the process streams; tests call it with in-memory streams and an env object. Commands load their
 * modules lazily so `audit` and `manifest` never start (or even import) the app.
 *
 * Exit codes: 0 success, 1 failure (bad settings, broken audit chain, failed doctor check), 2 usage error
 * (or `audit verify` on keyed entries without AUDIT_KEY).
 */
import { parseArgs } from 'node:util';
import { parseDuration } from '../domain/duration.js';
import { ConfigError } from '../errors.js';
import type { ExportFormat } from './audit-commands.js';
import { type CliIo, write } from './output.js';

export type { CliIo } from './output.js';

export const USAGE = `Usage: celigo-bot <command> [options]

Commands:
  start                       start the app (same as npm start)
  audit export [options]      print audit entries on stdout, oldest first
      --format jsonl|csv      JSON Lines (default) or CSV with a header row
      --connection ID         only entries about this Celigo connection
      --user ID               only entries by this Slack user (U…)
      --since DURATION        only entries from the last DURATION (90s, 15m, 72h, 7d)
  audit verify [--anchor H]   check the audit log's hash chain; exit 1 naming the first broken entry,
                              2 when keyed entries need AUDIT_KEY
      --anchor HASH           also check that the log still holds this head hash (posted to
                              AUDIT_CHANNEL_ID); exit 1 naming it if not
  doctor                      check settings, database, Slack, Celigo and PUBLIC_URL; say how to fix problems
  probe <connection> [--json] check on a (sandbox) connection how Celigo behaves where the docs disagree;
                              stores the findings for the app; exit 1 names anything that should change
  manifest [options]          print a Slack app manifest (YAML) for this configuration
      --public-url URL        HTTP mode: Slack sends requests to URL/slack/events (default: Socket Mode)
  help                        show this help

Settings come from the environment (and .env), as for the app: see .env.example.
`;

class UsageError extends Error {}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      await write(io.stderr, `celigo-bot: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      await write(io.stderr, `${err.message}\nFix these settings (environment or .env), then try again.\n`);
      return 1;
    }
    // Unexpected: print the message only; library errors are not known to be free of secrets, but ours are,
    // and database/driver messages carry no tokens.
    await write(io.stderr, `celigo-bot: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** node:util parseArgs throws TypeErrors coded ERR_PARSE_ARGS_* (unknown option, missing value…). */
function isParseArgsError(err: unknown): boolean {
  const code: unknown = err instanceof TypeError ? Reflect.get(err, 'code') : undefined;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      throw new UsageError('a command is required');
    case 'help':
    case '--help':
    case '-h':
      noArgs(rest, 'help');
      await write(io.stdout, USAGE);
      return 0;
    case 'start':
      noArgs(rest, 'start');
      return (await import('./start.js')).startCommand(io);
    case 'audit':
      return audit(rest, io);
    case 'doctor':
      noArgs(rest, 'doctor');
      return (await import('./doctor.js')).runDoctor(io);
    case 'probe': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { json: { type: 'boolean', default: false } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError('"probe" needs one connection (its ID or exact name)');
      const ref = nonEmpty('probe', positionals[0] ?? '');
      return (await import('./probe/probe-command.js')).probeCommand(io, ref, values.json);
    }
    case 'manifest': {
      const { values } = parseArgs({ args: rest, options: { 'public-url': { type: 'string' } }, strict: true });
      return (await import('./manifest-command.js')).manifestCommand(io, values['public-url']);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function noArgs(rest: string[], command: string): void {
  if (rest.length) throw new UsageError(`"${command}" takes no arguments (got "${rest.join(' ')}")`);
}

async function audit(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { anchor: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    noArgs(positionals, 'audit verify');
    const anchor = values.anchor?.trim().toLowerCase();
    if (anchor !== undefined && !/^[0-9a-f]{64}$/.test(anchor)) {
      throw new UsageError('--anchor takes a head hash as posted to the audit channel (64 hex characters)');
    }
    const { withAuditReader } = await import('./audit-wiring.js');
    const { verifyAudit } = await import('./audit-commands.js');
    return withAuditReader(io, (auditService) => verifyAudit(auditService, io.stdout, anchor));
  }
  if (sub !== 'export') {
    throw new UsageError(sub === undefined ? '"audit" needs export or verify' : `unknown audit command "${sub}"`);
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      format: { type: 'string', default: 'jsonl' },
      connection: { type: 'string' },
      user: { type: 'string' },
      since: { type: 'string' },
    },
    strict: true,
  });
  const format = values.format;
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format must be jsonl or csv (got "${format}")`);
  const filter: { connectionId?: string; userId?: string; since?: Date } = {};
  if (values.connection !== undefined) filter.connectionId = nonEmpty('--connection', values.connection);
  if (values.user !== undefined) filter.userId = nonEmpty('--user', values.user);
  if (values.since !== undefined) filter.since = sinceDate(values.since);
  const { withAuditReader } = await import('./audit-wiring.js');
  const { exportAudit } = await import('./audit-commands.js');
  return withAuditReader(io, async (auditService) => {
    await exportAudit(auditService, filter, format satisfies ExportFormat, io.stdout);
    return 0;
  });
}

function nonEmpty(flag: string, value: string): string {
  const v = value.trim();
  if (!v) throw new UsageError(`${flag} needs a value`);
  return v;
}

/** `--since 72h` means entries from the last 72 hours. An ISO date (2026-01-31) is accepted too. */
function sinceDate(text: string, now = Date.now()): Date {
  const ms = parseDuration(text);
  if (ms !== undefined) return new Date(now - ms);
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const at = new Date(text.trim());
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new UsageError(`--since takes a duration such as 90s, 15m, 72h or 7d (got "${text}")`);
}
