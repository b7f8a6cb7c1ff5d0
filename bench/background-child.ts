/**
 * Runs one background figure (`poll` or `audit`) in a fresh process and sends its rows to the parent over
 * the IPC channel: `runIsolated` in bench/run.ts starts it. Started with --expose-gc, so the audit figure
 * measures the resident set from a collected heap.
 */
import { benchAuditVerify, benchPoll } from './background.js';

const [part, size] = process.argv.slice(2);
const n = Number(size);
if (!process.send || !Number.isInteger(n) || n <= 0 || (part !== 'poll' && part !== 'audit')) {
  console.error('usage (from bench/run.ts): background-child.ts poll|audit <count>');
  process.exit(2);
}
const rows = part === 'poll' ? await benchPoll(n) : await benchAuditVerify(n);
process.send(rows, () => process.exit(0));
