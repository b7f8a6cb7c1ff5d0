/**
 * Production entry point (`npm start`, `celigo-bot start`, the Docker image): read settings, start the
 * app, and on SIGTERM stop taking new work, finish what is in flight and exit 0.
 */
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { startApp } from './app.js';
import { type Config, loadConfig, loadDotEnv } from './config.js';
import { isOpenPolicy } from './domain/access.js';
import { AUDIT_UNKEYED_WARNING } from './domain/audit.js';
import { ConfigError } from './errors.js';
import { createLogger, type Logger } from './logger.js';

const SHUTDOWN_GRACE_MS = 25_000;

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env === process.env) loadDotEnv();
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `celigo-oauth-bot cannot start.\n${err.message}\nSee README.md → Settings, or run: celigo-bot doctor\n`,
      );
      process.exitCode = 1;
      return;
    }
    throw err;
  }
  const logger = createLogger({ level: config.log.level });
  guardProcess(logger);
  if (isOpenPolicy(config.access)) {
    logger.warn(
      'No CELIGO_BOT_OPERATORS or CELIGO_BOT_ADMINS set: everyone in the workspace may do everything. Set them to restrict access.',
    );
  }
  if (!config.audit.key) logger.warn(`No AUDIT_KEY set: ${AUDIT_UNKEYED_WARNING}. Set AUDIT_KEY to key it.`);
  const app = await startApp(config, { logger });
  logger.info(
    {
      port: app.port,
      mode: config.slack.socketMode ? 'socket' : 'http',
      database: config.db.kind,
      publicUrl: config.http.publicUrl !== null,
    },
    'celigo-oauth-bot started.',
  );

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'Stopping: no new work, finishing what is in flight.');
    const timer = setTimeout(() => {
      logger.error('Shutdown took too long; exiting.');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    app.stop().then(
      () => {
        logger.info('Stopped.');
        logger.flush();
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'Shutdown failed.');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

/**
 * A stray rejection is a bug to log, not a reason to drop every customer's request: survive it. An uncaught
 * exception leaves the process in an unknown state: log it and exit non-zero so the supervisor restarts us.
 * Only the error's kind and stack are logged, never the rejected value itself (it may carry a payload).
 */
export function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error(describe(reason), 'Unhandled promise rejection; carrying on.');
  });
  process.on('uncaughtException', (err: Error) => {
    logger.fatal(describe(err), 'Uncaught exception; exiting so the supervisor restarts the app.');
    logger.flush();
    process.exit(1);
  });
}

function describe(reason: unknown): { errorType: string; stack?: string } {
  if (!(reason instanceof Error)) return { errorType: typeof reason };
  // The stack's first line repeats the message, which can quote request data: keep the frames only.
  const frames = reason.stack?.split('\n').slice(1, 11).join('\n');
  return { errorType: reason.name, ...(frames ? { stack: frames } : {}) };
}

/**
 * V8 lets the old generation grow to up to four times what survived the last full collection before it
 * collects again. The app's garbage is mostly medium-lived (a command waits in line, then works for a few
 * ms), so under a steady stream the resident set grew by 90 MB of garbage that a collection would have
 * freed. 1.5 times keeps the heap near what is live, for a few more (incremental) collections. Set at run
 * time (V8 reads it at every collection) so `node dist/main.js` needs no flags; NODE_OPTIONS still wins.
 */
const HEAP_GROWING_PERCENT = 50;

function boundHeapGrowth(): void {
  if (process.execArgv.join(' ').includes('heap-growing-percent')) return;
  if ((process.env['NODE_OPTIONS'] ?? '').includes('heap-growing-percent')) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  boundHeapGrowth();
  main().catch((err: unknown) => {
    process.stderr.write(`celigo-oauth-bot failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
