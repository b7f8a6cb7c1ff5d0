/**
 * `npm run bench`: measures the paths users wait on and the background work that must keep up, against the
 * real app wired to the loopback fakes (no network). Prints one table; numbers are this machine's.
 *
 *   ack            signed `/celigo help` → HTTP ack (Slack's 3-second budget)
 *   link           `/celigo link` → link reply delivered to Slack (command to thread)
 *   poll           one polling round over N pending links: time and Celigo requests (bulk listing, not a GET per link)
 *   outbox         thread replies delivered per second by one worker
 *   audit          hash-chained appends per second, and `audit verify` over them
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCeligoGateway } from '../src/adapters/celigo/index.js';
import { openStorage } from '../src/adapters/storage/index.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createAuditService } from '../src/services/index.js';
import { startTestApp, type TestApp } from '../test/support/app-harness.js';
import { waitFor } from '../test/support/slack-requests.js';

const SIZES = {
  ack: Number(process.env['BENCH_ACK'] ?? 300),
  link: Number(process.env['BENCH_LINK'] ?? 60),
  pollLinks: Number(process.env['BENCH_POLL_LINKS'] ?? 1000),
  outbox: Number(process.env['BENCH_OUTBOX'] ?? 2000),
  audit: Number(process.env['BENCH_AUDIT'] ?? 5000),
};

const rows: Array<[string, string]> = [];
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function benchAck(t: TestApp) {
  const times: number[] = [];
  for (let i = 0; i < SIZES.ack; i++) {
    const start = performance.now();
    const res = await t.command('help');
    await res.arrayBuffer();
    times.push(performance.now() - start);
  }
  rows.push([
    `ack: /celigo help ×${SIZES.ack}`,
    `p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}, p99 ${ms(pct(times, 99))}`,
  ]);
}

async function benchLink(t: TestApp) {
  const times: number[] = [];
  for (let i = 0; i < SIZES.link; i++) {
    const doc = t.celigo.addConnection({ name: `Bench link ${i}` });
    const before = t.slack.callsOf('chat.postMessage').length;
    const start = performance.now();
    await t.command(`link ${doc._id} Customer ${i}`);
    await waitFor(() => t.slack.callsOf('chat.postMessage').length >= before + 2, 10_000);
    times.push(performance.now() - start);
  }
  rows.push([
    `link: command → link reply in thread ×${SIZES.link}`,
    `p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))}`,
  ]);
}

async function benchPoll() {
  const t = await startTestApp({ celigo: { pageSize: 100 }, overrides: { startWorker: false } });
  try {
    const ids: string[] = [];
    for (let i = 0; i < SIZES.pollLinks; i++) ids.push(t.celigo.addConnection({ name: `Bench poll ${i}` })._id);
    const actor = { teamId: 'T1', userId: 'U1', channelId: 'C1', requestId: 'bench' };
    for (const [i, id] of ids.entries()) {
      const r = await t.app.services.links.generate(actor, {
        connectionRef: id,
        customerLabel: `Customer ${i}`,
        idempotencyKey: `bench-${i}`,
      });
      if (!r.ok) throw new Error(`link failed: ${r.code}`);
    }
    const requestsBefore = t.celigo.apiRequests().length;
    let start = performance.now();
    const idle = await t.app.services.completion.pollOnce();
    const idleMs = performance.now() - start;
    const idleRequests = t.celigo.apiRequests().length - requestsBefore;
    const completedTarget = Math.floor(ids.length / 10);
    for (const id of ids.slice(0, completedTarget)) t.celigo.authorize(id);
    const before2 = t.celigo.apiRequests().length;
    start = performance.now();
    const busy = await t.app.services.completion.pollOnce();
    const busyMs = performance.now() - start;
    rows.push([
      `poll: round over ${idle.checkedLinks} pending links, none done`,
      `${ms(idleMs)}, ${idleRequests} Celigo requests`,
    ]);
    rows.push([
      `poll: round with ${busy.completed} completions (ping each)`,
      `${ms(busyMs)}, ${t.celigo.apiRequests().length - before2} Celigo requests`,
    ]);
  } finally {
    await t.stop();
  }
}

async function benchOutbox() {
  const t = await startTestApp({ overrides: { startWorker: false } });
  try {
    const now = new Date();
    const messages = [];
    for (let i = 0; i < SIZES.outbox; i++) {
      messages.push({
        kind: 'reply' as const,
        thread: { teamId: 'T1', channelId: `C${i % 50}`, connectionId: 'b'.repeat(24) },
        event: { type: 'connection.online' as const, connectionName: `Connection ${i}` },
      });
    }
    await t.app.storage.outbox.enqueue(messages, now);
    const start = performance.now();
    await t.drain();
    const secs = (performance.now() - start) / 1000;
    const posted = t.slack.callsOf('chat.postMessage').length;
    rows.push([
      `outbox: ${SIZES.outbox} replies over 50 threads`,
      `${(posted / secs).toFixed(0)} posts/s (${posted} posts incl. cards)`,
    ]);
  } finally {
    await t.stop();
  }
}

async function benchAudit() {
  const dir = mkdtempSync(path.join(tmpdir(), 'celigo-bench-'));
  const logger = createLogger({ level: 'silent' });
  const dbUrl = `sqlite:${path.join(dir, 'audit.sqlite')}`;
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench',
    CELIGO_API_TOKEN: 'bench',
    DATABASE_URL: dbUrl,
  });
  const storage = await openStorage(config.db, logger);
  // verify reads only storage; the other dependencies are real but never called here.
  const celigo = createCeligoGateway({
    baseUrl: 'http://127.0.0.1:9',
    apiToken: 'bench',
    timeoutMs: 1000,
    maxRetries: 0,
    logger,
  });
  try {
    const start = performance.now();
    for (let i = 0; i < SIZES.audit; i++) {
      await storage.audit.append(
        {
          teamId: 'T1',
          userId: 'U1',
          channelId: 'C1',
          action: 'link.generate',
          connectionId: 'c'.repeat(24),
          before: null,
          after: `Customer ${i}`,
          result: 'ok',
          detail: null,
          requestId: `r${i}`,
        },
        new Date(),
      );
    }
    const appendSecs = (performance.now() - start) / 1000;
    const audit = createAuditService({
      config,
      storage,
      celigo,
      directory: { membersOf: async () => new Set<string>() },
      clock: { now: () => new Date() },
      logger,
    });
    const vStart = performance.now();
    const verdict = await audit.verify();
    const vMs = performance.now() - vStart;
    if (!verdict.ok) throw new Error('chain broken in bench');
    rows.push([
      `audit: ${SIZES.audit} chained appends (SQLite file)`,
      `${(SIZES.audit / appendSecs).toFixed(0)} appends/s`,
    ]);
    rows.push([`audit: verify ${verdict.count} entries`, ms(vMs)]);
  } finally {
    await celigo.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const t = await startTestApp({ env: { LOG_LEVEL: 'warn' } });
  try {
    await benchAck(t);
    await benchLink(t);
  } finally {
    await t.stop();
  }
  await benchPoll();
  await benchOutbox();
  await benchAudit();
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nceligo-oauth-bot benchmarks (node ${process.version})\n`);
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
