/**
 * Run by test/unit/adapters/storage/sqlite-checkpoints.test.ts in a child process: opens a SQLite file with
 * the background checkpoint worker, writes, closes, and says so. Nothing else keeps this process alive, as at
 * the end of a shutdown: closing must keep it alive until it is done.
 */
import { openStorage } from '../../src/adapters/storage/index.js';
import { createLogger } from '../../src/logger.js';

const file = process.argv[2] ?? '';
const storage = await openStorage(
  { url: `sqlite:${file}`, kind: 'sqlite', sqlitePath: file },
  createLogger({ level: 'silent' }),
  {
    backgroundCheckpoints: true,
  },
);
await storage.idempotency.claim('shutdown-check', new Date('2026-01-01T00:00:00Z'));
// Let the worker start and run a checkpoint first: closing while it is still starting hides the problem.
await new Promise((resolve) => setTimeout(resolve, 1_500));
await storage.close();
process.stdout.write('closed\n');
