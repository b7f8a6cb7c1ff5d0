/**
 * `/celigo link` → the link reply posted in the connection's thread, at concurrency, with the app's default
 * outbox settings. Each command comes from its own channel, so its thread reply is recognised by channel.
 * A quarter as many links first, unmeasured: the figure is for a running app, not its first links.
 * The note gives the CPU each link cost the app and this process (the fakes and the load): in a closed loop
 * of 24 the reply time is about 24 times the busier of the two.
 */
import type { FakeCeligo } from '../test/support/fake-celigo.js';
import type { FakeSlack } from '../test/support/fake-slack.js';
import { command, percentile, pool } from './load.js';
import { type Contender, cpuMs } from './processes.js';
import { addRow } from './report.js';

const CONCURRENCY = 24;

export async function benchLinkReply(app: Contender, slack: FakeSlack, celigo: FakeCeligo, total: number) {
  const waiting = new Map<string, () => void>();
  let seen = slack.calls.length;
  let sent = 0;
  const scan = setInterval(() => {
    for (; seen < slack.calls.length; seen++) {
      const call = slack.calls[seen];
      if (call?.method !== 'chat.postMessage' || call.params['thread_ts'] === undefined) continue;
      const channel = String(call.params['channel']);
      waiting.get(channel)?.();
      waiting.delete(channel);
    }
  }, 1);
  const run = (n: number) =>
    pool(n, CONCURRENCY, async () => {
      const i = sent++;
      const channel = `CLINK${i}`;
      const id = celigo.addConnection({ name: `Reply ${i}` })._id;
      const start = performance.now();
      const replied = new Promise<void>((resolve) => waiting.set(channel, resolve));
      await command(app, `link ${id} Reply customer ${i}`, channel);
      await Promise.race([
        replied,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`no reply in ${channel} within 30 s`)), 30_000)),
      ]);
      return performance.now() - start;
    });
  try {
    await run(Math.ceil(total / 4));
    const before = { app: cpuMs(app.pid), bench: process.cpuUsage() };
    const times = await run(total);
    const appCpu = (cpuMs(app.pid) - before.app) / total;
    const used = process.cpuUsage(before.bench);
    const benchCpu = (used.user + used.system) / 1000 / total;
    addRow({
      figure: `command → link reply in thread, p99 at concurrency ${CONCURRENCY}`,
      unit: 'ms',
      app: percentile(times, 99),
      baseline: null,
      target: '≤ 150 ms',
      note:
        `${total} links, default outbox settings; p50 ${percentile(times, 50).toFixed(0)} ms; ` +
        `CPU per link: app ${appCpu.toFixed(1)} ms, fakes and load ${benchCpu.toFixed(1)} ms`,
    });
  } finally {
    clearInterval(scan);
  }
}
