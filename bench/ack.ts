/**
 * Ack latency in alternating rounds (app, bare, bare, app, …) so drift on a shared machine hits both alike,
 * each figure the median over the rounds of that round's percentile (percentileOfRounds); CPU per `status`
 * command from each process's own CPU time; a flood at high concurrency for the 3 s budget.
 * Both contenders are warmed up first (every command kind, then settled): the rounds measure a running app,
 * not its first requests (JIT, first connections, modules loaded on first use). Start-up has its own figure.
 * The measured rounds are sent from the load generator's own thread (bench/client-worker.ts), so the fakes'
 * work on this thread is not counted as ack latency.
 */
import type { FakeCeligo } from '../test/support/fake-celigo.js';
import { command, LoadClient, median, percentile, pool } from './load.js';
import { type Contender, cpuMs } from './processes.js';
import { addRow } from './report.js';

export interface AckSizes {
  readonly requests: number;
  readonly rounds: number;
  readonly concurrencies: readonly number[];
  readonly flood: number;
  readonly floodConcurrency: number;
  /** Requests per contender before measuring, the command kinds in turn. */
  readonly warmup: number;
}

type Texts = (i: number) => string;

export function commandTexts(celigo: FakeCeligo, count: number): Record<'help' | 'status' | 'link', Texts> {
  const ids = Array.from({ length: count }, (_, i) => celigo.addConnection({ name: `Bench ${i}` })._id);
  let links = 0;
  return {
    help: () => 'help',
    status: (i) => `status ${ids[i % ids.length]}`,
    // A fresh connection for every link, so no request is refused as "already pending".
    link: () => `link ${celigo.addConnection({ name: `Bench link ${links}` })._id} Customer ${links++}`,
  };
}

export async function benchAcks(app: Contender, bare: Contender, texts: ReturnType<typeof commandTexts>, s: AckSizes) {
  const kinds = Object.values(texts);
  const client = new LoadClient();
  const send = (who: Contender, text: Texts, n: number, c: number) =>
    client.run(
      who,
      Array.from({ length: n }, (_, i) => text(i)),
      c,
    );
  try {
    await measure();
  } finally {
    await client.close();
  }

  async function measure(): Promise<void> {
    // Through the same client and at the same concurrencies as the rounds: measured right after a warm-up
    // at concurrency 8 from another client, the first round was 1.3-2x slower at p99 than the same command
    // measured later, whichever command came first (new connections, heap sizing).
    for (const who of [app, bare]) {
      await pool(s.warmup, 8, (i) => command(who, (kinds[i % kinds.length] as Texts)(i)));
      for (const c of s.concurrencies) {
        for (const text of kinds) await send(who, text, Math.ceil(s.warmup / kinds.length), c);
      }
      await settle(who);
    }
    for (const [name, text] of Object.entries(texts)) {
      for (const c of s.concurrencies) {
        // Each round's latencies on their own: a figure is the median over the rounds of that round's
        // percentile (see percentileOfRounds).
        const lat: Record<'app' | 'baseline', number[][]> = { app: [], baseline: [] };
        const cpu = { app: 0, baseline: 0 };
        for (let round = 0; round < s.rounds; round++) {
          const order = round % 2 === 0 ? [app, bare] : [bare, app];
          for (const who of order) {
            const before = cpuMs(who.pid);
            lat[who.kind].push(await send(who, text, s.requests, c));
            await settle(who);
            cpu[who.kind] += cpuMs(who.pid) - before;
          }
        }
        for (const p of [50, 99]) {
          const all = (k: 'app' | 'baseline') => percentile(lat[k].flat(), p);
          addRow({
            figure: `ack p${p} \`${name}\` at concurrency ${c}`,
            unit: 'ms',
            app: percentileOfRounds(lat.app, p),
            baseline: percentileOfRounds(lat.baseline, p),
            target: p === 99 ? '≤ 1.25×' : '',
            note:
              `median of ${s.rounds} alternating rounds of ${s.requests} each; ` +
              `over all ${s.rounds * s.requests}: ${all('app').toFixed(1)} against ${all('baseline').toFixed(1)} ms`,
          });
        }
        if (name === 'status' && c === s.concurrencies[0]) {
          const n = s.requests * s.rounds;
          addRow({
            figure: 'CPU per `status` command',
            unit: 'ms',
            app: cpu.app / n,
            baseline: cpu.baseline / n,
            target: 'report',
            note: 'process CPU time / commands, incl. the work after the ack',
          });
        }
      }
    }
    const flood = { app: [] as number[], baseline: [] as number[] };
    for (const who of [app, bare]) {
      flood[who.kind] = await send(who, texts.status, s.flood, s.floodConcurrency);
      await settle(who);
    }
    addRow({
      figure: `slowest ack, \`status\` at concurrency ${s.floodConcurrency}`,
      unit: 'ms',
      app: Math.max(...flood.app),
      baseline: Math.max(...flood.baseline),
      target: '≤ 3000 ms',
      note: `${s.flood} requests`,
    });
  }
}

/** Lets the work a round left behind (post-ack Celigo calls, Slack posts) finish before the next round. */
async function settle(who: Contender): Promise<void> {
  let last = cpuMs(who.pid);
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuMs(who.pid);
    if (now - last < 10) return;
    last = now;
  }
}

/**
 * A contender's figure: the median over its rounds of each round's percentile (the p99 of all its requests is
 * in the row's note). A stall of the machine holds every request in flight at once, 24 or 64 of them, so a
 * p99 over all the requests of a figure is decided by its one or two worst stalls wherever they fell. The bare
 * app measured against a second copy of itself was over 1.25× in 9 of 36 figures by the p99 of all requests
 * (six runs of two rounds), in 4 of 24 by that of eight rounds, and in 3 of 24 by the median of eight rounds:
 * the median round stands for what happens round after round, and one disturbed round cannot decide it.
 */
export function percentileOfRounds(rounds: readonly (readonly number[])[], p: number): number {
  return median(rounds.map((r) => percentile(r, p)));
}
