/** Load generation: signed `/celigo` commands at a fixed concurrency, latency statistics. */
import { Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';
import { form, signedHeaders } from '../test/support/slack-requests.js';
import type { LoadRequest, LoadResult } from './client-worker.js';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

export interface Target {
  readonly eventsUrl: string;
  readonly responseBase: string;
}

let sent = 0;

/**
 * The load generator's own HTTP client: undici's `request` on a keep-alive agent rather than the global
 * fetch. fetch cost this side about as much CPU per command as the bare app spent answering it, and on a
 * 2-core machine every millisecond the load generator spends is one the contender may wait for the CPU.
 */
const agent = new Agent({ connections: 512, keepAliveTimeout: 30_000 });

/** Sends one signed slash command and waits for the whole ack; resolves to its latency in ms. */
export async function command(t: Target, text: string, channelId = 'C1'): Promise<number> {
  sent += 1;
  const body = form({
    token: 'deprecated',
    team_id: 'T1',
    team_domain: 'partner',
    channel_id: channelId,
    channel_name: 'customers',
    user_id: 'U1',
    user_name: 'staff',
    command: '/celigo',
    text,
    api_app_id: 'A1',
    response_url: `${t.responseBase}/response/${sent}`,
    trigger_id: `trigger-${sent}`,
  });
  const start = performance.now();
  const res = await request(t.eventsUrl, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...signedHeaders(SIGNING_SECRET, body) },
    dispatcher: agent,
  });
  await res.body.arrayBuffer();
  const ms = performance.now() - start;
  if (res.statusCode !== 200) throw new Error(`ack answered ${res.statusCode} for "${text.split(' ')[0]}"`);
  return ms;
}

/** Runs `total` jobs, `concurrency` at a time; resolves to each job's result in completion order. */
export async function pool<T>(total: number, concurrency: number, job: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      out.push(await job(i));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return out;
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
}

export const median = (xs: readonly number[]) => percentile(xs, 50);

/** Runs rounds of commands on the load generator's own thread (bench/client-worker.ts). */
export class LoadClient {
  private readonly worker = new Worker(new URL('./client-worker.mjs', import.meta.url));
  private next = 0;
  private failed: Error | null = null;
  private readonly pending = new Map<number, { resolve: (l: number[]) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.on('message', (r: LoadResult) => {
      const p = this.pending.get(r.id);
      this.pending.delete(r.id);
      if (r.latencies) p?.resolve(r.latencies);
      else p?.reject(new Error(r.error ?? 'load worker failed'));
    });
    this.worker.on('error', (err) => {
      this.failed = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  /** Sends `texts` to `target`, `concurrency` at a time; resolves to each ack's latency in ms. */
  run(target: Target, texts: readonly string[], concurrency: number): Promise<number[]> {
    const id = this.next++;
    const plain: Target = { eventsUrl: target.eventsUrl, responseBase: target.responseBase };
    return new Promise((resolve, reject) => {
      if (this.failed) return reject(this.failed);
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, target: plain, texts, concurrency } satisfies LoadRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
