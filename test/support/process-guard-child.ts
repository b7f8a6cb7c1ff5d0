/**
 * Run by test/unit/process-guard.test.ts in a child process: installs the production process guards, then
 * rejects a promise (the process must survive) and later throws (the process must exit non-zero).
 */
import { createLogger } from '../../src/logger.js';
import { guardProcess } from '../../src/main.js';

guardProcess(createLogger({ level: 'info' }));
void Promise.reject(new Error('rejected with secret-payload-code-123'));
setTimeout(() => {
  process.stdout.write('{"still":"alive"}\n');
  setTimeout(() => {
    throw new Error('thrown with secret-payload-code-456');
  }, 10);
}, 50);
