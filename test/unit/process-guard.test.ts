import { execFile } from 'node:child_process';
import path from 'node:path';
import { expect, test } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('an unhandled rejection is logged without its payload and survived; an uncaught exception exits 1', async () => {
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    execFile(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      [path.join(ROOT, 'test/support/process-guard-child.ts')],
      { cwd: ROOT, timeout: 30_000 },
      (err, out) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout: out }),
    );
  });
  expect(code).toBe(1);
  const lines = stdout.trim().split('\n');
  const rejection = lines.findIndex((l) => l.includes('Unhandled promise rejection'));
  const alive = lines.findIndex((l) => l.includes('"still":"alive"'));
  const fatal = lines.findIndex((l) => l.includes('Uncaught exception'));
  expect(rejection).toBeGreaterThanOrEqual(0);
  expect(alive).toBeGreaterThan(rejection);
  expect(fatal).toBeGreaterThan(alive);
  expect(stdout).not.toContain('secret-payload-code');
});
