/**
 * `npm run bench`: the app against a bare Bolt 5.1 app that only acks `/celigo` (bench/baseline-app.mjs),
 * both as their own processes against the same loopback fake Slack and fake integrator.io, in alternating
 * rounds. Prints one table (figure, app, bare Bolt, ratio, target); `--json FILE` writes the same.
 *
 * Sizes (flags or env; `--smoke` makes everything small, for CI):
 *   BENCH_REQUESTS (600) requests per round and command   BENCH_ROUNDS (8) rounds per contender
 *   BENCH_WARMUP (300) requests per contender before the ack rounds
 *   BENCH_FLOOD (1024) requests at concurrency 256        BENCH_STARTS (5) start-to-ready samples
 *   BENCH_MEMORY (20000) mixed commands for memory        BENCH_LINK_REPLIES (480) links for the reply path
 *   BENCH_POLL_LINKS (10000) pending links to poll        BENCH_AUDIT (100000) audit entries to verify
 * `BENCH_APP_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof"` profiles the app process during the ack rounds;
 * `BENCH_APP_STDOUT=1` shows the app's standard output (e.g. with `--trace-gc` in BENCH_APP_NODE_ARGS).
 * The ack rounds are sent from a thread of their own (bench/client-worker.ts); the fakes run on this one.
 */
import { parseArgs } from 'node:util';
import { startFakeCeligo } from '../test/support/fake-celigo.js';
import { startFakeSlack } from '../test/support/fake-slack.js';
import { benchAcks, commandTexts } from './ack.js';
import { benchLinkReply } from './link-reply.js';
import { ensureBuilt, type Fakes, runIsolated, startContender } from './processes.js';
import { addRow, printTable, writeJson } from './report.js';
import { benchMemory, benchStartup } from './startup-memory.js';

const { values: flags } = parseArgs({
  options: {
    json: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const smoke = flags.smoke;
const size = (name: string, full: number, small: number): number => {
  const v = process.env[name];
  return v !== undefined && v !== '' ? Number(v) : smoke ? small : full;
};
const SIZES = {
  requests: size('BENCH_REQUESTS', 600, 24),
  warmup: size('BENCH_WARMUP', 300, 30),
  rounds: size('BENCH_ROUNDS', 8, 1),
  flood: size('BENCH_FLOOD', 1024, 256),
  starts: size('BENCH_STARTS', 5, 1),
  memory: size('BENCH_MEMORY', 20_000, 200),
  linkReplies: size('BENCH_LINK_REPLIES', 480, 24),
  pollLinks: size('BENCH_POLL_LINKS', 10_000, 100),
  audit: size('BENCH_AUDIT', 100_000, 500),
};
/** `--only ack,memory` runs a subset (profiling, quick checks). */
const only = flags.only ? new Set(flags.only.split(',')) : null;
const wanted = (part: string) => only === null || only.has(part);

async function main(): Promise<void> {
  ensureBuilt();
  const slack = await startFakeSlack();
  const celigo = await startFakeCeligo({ pageSize: 100 });
  const fakes: Fakes = {
    slackApiUrl: slack.apiUrl,
    slackBaseUrl: slack.baseUrl,
    celigoBaseUrl: celigo.baseUrl,
    celigoToken: celigo.token,
  };
  const appArgs = (process.env['BENCH_APP_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  try {
    if (wanted('startup')) await benchStartup(fakes, SIZES.starts);
    if (wanted('memory')) await benchMemory(fakes, celigo, SIZES.memory);
    if (wanted('ack') || wanted('link')) {
      const app = await startContender('app', fakes, appArgs);
      const bare = await startContender('baseline', fakes);
      try {
        if (wanted('ack')) {
          await benchAcks(app, bare, commandTexts(celigo, 50), {
            requests: SIZES.requests,
            rounds: SIZES.rounds,
            concurrencies: [24, 64],
            flood: SIZES.flood,
            floodConcurrency: 256,
            warmup: SIZES.warmup,
          });
        }
        if (wanted('link')) await benchLinkReply(app, slack, celigo, SIZES.linkReplies);
      } finally {
        await app.stop();
        await bare.stop();
      }
    }
  } finally {
    await slack.close();
    await celigo.close();
  }
  if (wanted('poll')) addRow(...(await runIsolated('poll', SIZES.pollLinks)));
  if (wanted('audit')) addRow(...(await runIsolated('audit', SIZES.audit)));

  const title = `celigo-oauth-bot vs bare Bolt 5.1 (node ${process.version}${smoke ? ', smoke sizes' : ''})`;
  printTable(title);
  if (flags.json) writeJson(flags.json, { node: process.version, smoke, sizes: SIZES, at: new Date().toISOString() });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
