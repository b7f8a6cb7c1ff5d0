/**
 * `/celigo link` → the link reply posted in the connection's thread, at concurrency, with the app's default
 * outbox settings. Each command comes from its own channel, so its thread reply is recognised by channel.
 */
import type { FakeCeligo } from '../test/support/fake-celigo.js';
import type { FakeSlack } from '../test/support/fake-slack.js';
import { command, percentile, pool } from './load.js';
import type { Contender } from './processes.js';
import { addRow } from './report.js';

export async function benchLinkReply(app: Contender, slack: FakeSlack, celigo: FakeCeligo, total: number) {
  const waiting = new Map<string, () => void>();
  let seen = slack.calls.length;
  const scan = setInterval(() => {
    for (; seen < slack.calls.length; seen++) {
      const call = slack.calls[seen];
      if (call?.method !== 'chat.postMessage' || call.params['thread_ts'] === undefined) continue;
      const channel = String(call.params['channel']);
      waiting.get(channel)?.();
      waiting.delete(channel);
    }
  }, 1);
  try {
    const times = await pool(total, 24, async (i) => {
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
    addRow({
      figure: 'command → link reply in thread, p99 at concurrency 24',
      unit: 'ms',
      app: percentile(times, 99),
      baseline: null,
      target: '≤ 150 ms',
      note: `${total} links, default outbox settings; p50 ${percentile(times, 50).toFixed(0)} ms`,
    });
  } finally {
    clearInterval(scan);
  }
}
