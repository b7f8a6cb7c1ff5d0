import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../../../src/adapters/storage/index.js';
import type { Config } from '../../../../src/config.js';
import { createLogger } from '../../../../src/logger.js';
import type { Storage } from '../../../../src/ports/storage.js';

const sqliteConfig = (file: string): Config['db'] => ({ url: `sqlite:${file}`, kind: 'sqlite', sqlitePath: file });
const T0 = new Date('2026-01-01T00:00:00Z');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function openIn(opts: { backgroundCheckpoints?: boolean }): Promise<{ storage: Storage; file: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cb-ckpt-'));
  dirs.push(dir);
  const file = path.join(dir, 'bot.sqlite');
  return { storage: await openStorage(sqliteConfig(file), createLogger({ level: 'silent' }), opts), file };
}

/** In WAL mode new pages reach the database file only through a checkpoint. */
const fileSize = (file: string) => statSync(file).size;

async function writeRows(storage: Storage, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await storage.idempotency.claim(`key-${i}-${'x'.repeat(200)}`, T0);
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('SQLite WAL checkpoints in the background', () => {
  it('copies committed pages into the database file without a checkpoint on the app connection', async () => {
    const { storage, file } = await openIn({ backgroundCheckpoints: true });
    const before = fileSize(file);
    await writeRows(storage, 200);
    // Far below any connection's own threshold (the next test), so only the worker can have grown the file.
    expect(await waitFor(() => fileSize(file) > before, 5_000)).toBe(true);
    await storage.close();
  });

  it('without the option, the same rows stay in the WAL: nothing else checkpoints so early', async () => {
    const { storage, file } = await openIn({});
    const before = fileSize(file);
    await writeRows(storage, 200);
    await new Promise((r) => setTimeout(r, 1_500));
    // 200 small rows stay in the WAL (SQLite's default threshold is 1,000 pages): nothing moved them.
    expect(fileSize(file)).toBe(before);
    await storage.close();
  });

  it('close() ends the worker and the database stays readable', async () => {
    const { storage, file } = await openIn({ backgroundCheckpoints: true });
    await writeRows(storage, 10);
    await storage.close();
    const reopened = await openStorage(sqliteConfig(file), createLogger({ level: 'silent' }));
    expect(await reopened.idempotency.claim(`key-3-${'x'.repeat(200)}`, T0)).toBe(false);
    await reopened.close();
  });

  it('closing keeps the process alive until the worker has checkpointed and ended (the last step of a shutdown)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cb-ckpt-'));
    dirs.push(dir);
    const root = path.resolve(import.meta.dirname, '../../../..');
    // Plain node with tsx as a loader: the tsx command itself would keep the child alive.
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(root, 'test/support/storage-close-child.ts'), path.join(dir, 'bot.sqlite')],
        { cwd: root, timeout: 30_000 },
        (err, out) => (err ? reject(err) : resolve(out)),
      );
    });
    expect(stdout).toBe('closed\n');
  });
});
