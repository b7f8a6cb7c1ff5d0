/**
 * The two contenders as separate processes, started the way they run in production: the real app as
 * `node dist/main.js` (fresh SQLite, default settings) and the bare Bolt app (bench/baseline-app.mjs).
 * Resident memory and CPU time are read from /proc for the child alone, not the bench process.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../test/support/app-harness.js';
import { form, postSigned } from '../test/support/slack-requests.js';
import { SIGNING_SECRET, type Target } from './load.js';
import type { Row } from './report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export type Kind = 'app' | 'baseline';

export interface Fakes {
  readonly slackApiUrl: string;
  readonly slackBaseUrl: string;
  readonly celigoBaseUrl: string;
  readonly celigoToken: string;
}

export interface Contender extends Target {
  readonly kind: Kind;
  readonly pid: number;
  /** ms from spawn to the first good answer (app: /healthz 200; baseline: a signed command acked). */
  readonly readyMs: number;
  stop(): Promise<void>;
}

/** Compiles src/ when dist/ is stale (the same check `npm start` runs). */
export function ensureBuilt(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-if-stale.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

/** `nodeArgs` go before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept). */
export async function startContender(kind: Kind, fakes: Fakes, nodeArgs: readonly string[] = []) {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), `celigo-bench-${kind}-`));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fakes.slackApiUrl,
    CELIGO_API_TOKEN: fakes.celigoToken,
    CELIGO_API_URL: fakes.celigoBaseUrl,
    DATABASE_URL: `sqlite:${path.join(dir, 'bot.sqlite')}`,
  };
  const script = kind === 'app' ? path.join(root, 'dist/main.js') : path.join(root, 'bench/baseline-app.mjs');
  const started = performance.now();
  // cwd is the empty temp dir, so the app finds no .env of the developer's.
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: dir,
    env,
    stdio: ['ignore', process.env['BENCH_APP_STDOUT'] ? 'inherit' : 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const target: Target = { eventsUrl: `${base}/slack/events`, responseBase: fakes.slackBaseUrl };
  await waitReady(kind, base, child);
  const readyMs = performance.now() - started;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...target,
    kind,
    pid: child.pid ?? 0,
    readyMs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  } satisfies Contender;
}

async function waitReady(kind: Kind, base: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exitCode: number | null = null;
  child.once('exit', (code) => {
    exitCode = code ?? -1;
  });
  for (;;) {
    if (exitCode !== null) throw new Error(`${kind} exited with ${exitCode} before it was ready`);
    if (Date.now() > deadline) throw new Error(`${kind} not ready after 60 s`);
    try {
      const res =
        kind === 'app'
          ? await fetch(`${base}/healthz`)
          : await postSigned(`${base}/slack/events`, SIGNING_SECRET, form({ command: '/celigo', text: 'help' }));
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resident set of a child, in MB (VmRSS). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

/** User + system CPU time of a child so far, in ms (clock ticks of 10 ms on Linux). */
export function cpuMs(pid: number): number {
  // Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Runs a background figure in a process of its own (bench/background-child.ts) and returns its rows: a fresh
 * heap, as the app would have, rather than this process's, which holds the fakes' record of every call.
 */
export function runIsolated(part: 'poll' | 'audit', count: number): Promise<Row[]> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(root, 'bench/background-child.ts'), part, String(count)],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  return new Promise((resolve, reject) => {
    let rows: Row[] | null = null;
    child.on('message', (m) => {
      rows = m as Row[];
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      rows !== null ? resolve(rows) : reject(new Error(`background bench "${part}" exited with ${code}, no figures`)),
    );
  });
}
