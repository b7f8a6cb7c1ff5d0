/** Load generation: signed `/celigo` commands at a fixed concurrency, latency statistics. */
import { form, postSigned } from '../test/support/slack-requests.js';

export const SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';

export interface Target {
  readonly eventsUrl: string;
  readonly responseBase: string;
}

let sent = 0;

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
  const res = await postSigned(t.eventsUrl, SIGNING_SECRET, body);
  await res.arrayBuffer();
  const ms = performance.now() - start;
  if (res.status !== 200) throw new Error(`ack answered ${res.status} for "${text.split(' ')[0]}"`);
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
