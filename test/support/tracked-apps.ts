import { afterEach } from 'vitest';
import { startTestApp, type TestApp, type TestAppOptions } from './app-harness.js';

/**
 * For a test file that starts apps: `start` starts one and stops it after the test; `cleanups` takes anything
 * else to undo then. Everything runs after each test, newest first.
 */
export function trackedApps(): {
  readonly cleanups: Array<() => Promise<unknown>>;
  start(opts?: TestAppOptions): Promise<TestApp>;
} {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    cleanups,
    async start(opts = {}) {
      const t = await startTestApp(opts);
      cleanups.push(() => t.stop({ keepFakes: Boolean(opts.fakeCeligo) }));
      return t;
    },
  };
}
