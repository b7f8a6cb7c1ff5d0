/**
 * WAL checkpoints off the event loop. better-sqlite3 is synchronous: when a commit crosses SQLite's
 * automatic checkpoint threshold, that commit copies the WAL into the database file and fsyncs it on the
 * main thread, which stalled every request (and Slack's acks) for 200–250 ms at a time in the bench. Here a
 * worker thread with its own connection to the same file runs a PASSIVE checkpoint every second (it never
 * blocks the app's readers or writer), and the app's connection keeps only a far threshold as a safety net
 * should the worker fail. docs/architecture.md, "Storage", says more.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.js';

/** Pages (4 KiB) the WAL may reach before the app's own connection checkpoints after all (about 40 MB). */
export const SAFETY_NET_CHECKPOINT_PAGES = 10_000;
const DEFAULT_INTERVAL_MS = 1_000;

export interface Checkpointer {
  /** Runs a last checkpoint and ends the worker. */
  stop(): Promise<void>;
}

// Evaluated as CommonJS in the worker, so `require` there loads the same driver the app loaded.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); }
  catch (err) { parentPort.postMessage({ failed: String(err && err.code || 'unknown') }); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(file: string, logger?: Logger, intervalMs = DEFAULT_INTERVAL_MS): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  worker.unref();
  let reported = false;
  worker.on('message', (m: { failed?: string }) => {
    // Busy or locked now and then is normal (the next second tries again); say it once, not every second.
    if (m.failed && !reported) {
      reported = true;
      logger?.warn({ code: m.failed }, 'A background WAL checkpoint failed; the next ones will retry.');
    }
  });
  worker.on('error', (err) => {
    logger?.warn({ err }, 'The WAL checkpoint worker stopped; the database connection will checkpoint itself.');
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Unref'd so it never keeps the app alive by itself; but while stopping, the last checkpoint must keep
      // the process alive, or shutdown ends here with nothing left to run (and the rest never closes).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
