/**
 * The load generator's own thread. The fake Slack and fake integrator.io answer the app's work on the bench's
 * main thread; measured from there, every pause of theirs (their GC, their handling of the app's posts) would
 * be counted as the contender's ack latency. Here the clock runs on a thread that does nothing but send
 * commands and wait for their acks.
 */
import { parentPort } from 'node:worker_threads';
import { command, pool, type Target } from './load.js';

export interface LoadRequest {
  readonly id: number;
  readonly target: Target;
  readonly texts: readonly string[];
  readonly concurrency: number;
}

export interface LoadResult {
  readonly id: number;
  readonly latencies?: number[];
  readonly error?: string;
}

parentPort?.on('message', (req: LoadRequest) => {
  pool(req.texts.length, req.concurrency, (i) => command(req.target, req.texts[i] ?? 'help')).then(
    (latencies) => parentPort?.postMessage({ id: req.id, latencies } satisfies LoadResult),
    (err: unknown) => parentPort?.postMessage({ id: req.id, error: String(err) } satisfies LoadResult),
  );
});
