/** Start to ready for both (fresh SQLite each time), and resident memory over many mixed commands. */
import type { FakeCeligo } from '../test/support/fake-celigo.js';
import { command, median, pool } from './load.js';
import { type Fakes, rssMb, startContender } from './processes.js';
import { addRow } from './report.js';

export async function benchStartup(fakes: Fakes, starts: number): Promise<void> {
  const ready = { app: [] as number[], baseline: [] as number[] };
  for (let i = 0; i < starts; i++) {
    for (const kind of i % 2 === 0 ? (['app', 'baseline'] as const) : (['baseline', 'app'] as const)) {
      const c = await startContender(kind, fakes);
      ready[kind].push(c.readyMs);
      await c.stop();
    }
  }
  addRow({
    figure: 'start to ready (fresh SQLite)',
    unit: 'ms',
    app: median(ready.app),
    baseline: median(ready.baseline),
    target: '≤ 1.3×',
    note: `median of ${starts}; app: node dist/main.js → /healthz 200; bare: first ack`,
  });
}

/**
 * The resident set once the work behind the last acks is done (500 ms), as the median of five readings
 * 100 ms apart: one reading lands anywhere in V8's collection cycle, which moves it by several MB either way.
 * Both points of the growth figure are read alike.
 */
async function settledRss(pid: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 500));
  const readings: number[] = [];
  for (let i = 0; i < 5; i++) {
    readings.push(rssMb(pid));
    await new Promise((r) => setTimeout(r, 100));
  }
  return median(readings);
}

export async function benchMemory(fakes: Fakes, celigo: FakeCeligo, total: number): Promise<void> {
  const ids = Array.from({ length: 20 }, (_, i) => celigo.addConnection({ name: `Mem ${i}` })._id);
  const texts = ['help', 'connections', ...ids.map((id) => `status ${id}`)];
  const early = Math.max(1, Math.round(total / 10));
  const rss: Record<'app' | 'baseline', [number, number]> = { app: [0, 0], baseline: [0, 0] };
  for (const kind of ['app', 'baseline'] as const) {
    const c = await startContender(kind, fakes);
    try {
      await pool(early, 16, (i) => command(c, texts[i % texts.length] ?? 'help'));
      rss[kind][0] = await settledRss(c.pid);
      await pool(total - early, 16, (i) => command(c, texts[i % texts.length] ?? 'help'));
      rss[kind][1] = await settledRss(c.pid);
    } finally {
      await c.stop();
    }
  }
  addRow(
    {
      figure: `resident memory after ${early} mixed commands`,
      unit: 'MB',
      app: rss.app[0],
      baseline: rss.baseline[0],
      target: 'report',
      note: 'help, connections, status at concurrency 16',
    },
    {
      figure: `resident memory after ${total} mixed commands`,
      unit: 'MB',
      app: rss.app[1],
      baseline: rss.baseline[1],
      target: 'report',
    },
    {
      figure: `resident memory growth ${early} → ${total}`,
      unit: 'MB',
      app: rss.app[1] - rss.app[0],
      baseline: rss.baseline[1] - rss.baseline[0],
      target: '≤ 10 MB',
    },
  );
}
