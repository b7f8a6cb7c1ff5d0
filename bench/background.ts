/**
 * Work that grows with the data rather than with users waiting: one polling round over many pending links
 * (time, and listing calls against ceil(connections / page size)), and `audit verify` over a long chain
 * (time, and how much the resident set grows while it streams). Real storage, fake Celigo, in a process of
 * their own (bench/background-child.ts): the bench's fakes by then hold every call of the earlier parts, and
 * collecting that heap slowed a poll round run here by half or more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCeligoGateway } from '../src/adapters/celigo/index.js';
import { openStorage } from '../src/adapters/storage/index.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { createAuditReader } from '../src/services/index.js';
import { startTestApp } from '../test/support/app-harness.js';
import type { Row } from './report.js';

const PAGE_SIZE = 100;

export async function benchPoll(links: number): Promise<Row[]> {
  const t = await startTestApp({
    celigo: { pageSize: PAGE_SIZE },
    env: { LOG_LEVEL: 'warn' },
    overrides: { startWorker: false },
  });
  try {
    const actor = { teamId: 'T1', userId: 'U1', channelId: 'C1', requestId: 'bench' };
    for (let i = 0; i < links; i++) {
      const id = t.celigo.addConnection({ name: `Bench poll ${i}` })._id;
      const r = await t.app.services.links.generate(actor, {
        connectionRef: id,
        customerLabel: `Customer ${i}`,
        idempotencyKey: `bench-${i}`,
      });
      if (!r.ok) throw new Error(`link failed: ${r.code}`);
    }
    const before = t.celigo.apiRequests().length;
    const start = performance.now();
    const round = await t.app.services.completion.pollOnce();
    const ms = performance.now() - start;
    const calls = t.celigo.apiRequests().slice(before);
    const listings = calls.filter((r) => r.method === 'GET' && r.path === '/v1/connections').length;
    // The account holds exactly the linked connections: one listing call per page of them.
    const expected = Math.ceil(links / PAGE_SIZE);
    return [
      {
        figure: `poll round over ${round.checkedLinks} pending links`,
        unit: 'ms',
        app: ms,
        baseline: null,
        target: '≤ 1000 ms',
      },
      {
        figure: `poll round: Celigo listing calls (page size ${PAGE_SIZE})`,
        unit: 'calls',
        app: listings,
        baseline: null,
        target: `= ${expected}`,
        note: `${calls.length} Celigo requests in all`,
      },
    ];
  } finally {
    await t.stop();
  }
}

export async function benchAuditVerify(entries: number): Promise<Row[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'celigo-bench-audit-'));
  const logger = createLogger({ level: 'silent' });
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench',
    CELIGO_API_TOKEN: 'bench',
    DATABASE_URL: `sqlite:${path.join(dir, 'audit.sqlite')}`,
  });
  const storage = await openStorage(config.db, logger);
  // verify reads only storage; the gateway is real but never called here.
  const celigo = createCeligoGateway({
    baseUrl: 'http://127.0.0.1:9',
    apiToken: 'x',
    timeoutMs: 1000,
    maxRetries: 0,
    logger,
  });
  try {
    const at = new Date();
    for (let i = 0; i < entries; i++) {
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
        at,
      );
    }
    const audit = createAuditReader(storage, config.audit.key);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const start = performance.now();
    const verdict = await audit.verify();
    const ms = performance.now() - start;
    clearInterval(sample);
    peak = Math.max(peak, process.memoryUsage().rss);
    if (!verdict.ok) throw new Error('chain broken in bench');
    return [
      { figure: `audit verify of ${verdict.count} entries`, unit: 'ms', app: ms, baseline: null, target: '≤ 2000 ms' },
      {
        figure: 'audit verify: resident set growth while verifying',
        unit: 'MB',
        app: (peak - rssBefore) / 2 ** 20,
        baseline: null,
        target: 'constant',
      },
    ];
  } finally {
    await celigo.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
