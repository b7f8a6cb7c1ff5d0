/** Whether PUBLIC_URL reaches this app (its /healthz answers 200). */
import { type CheckLine, errorReason } from './check-line.js';

export async function checkPublicUrl(publicUrl: string, timeoutMs: number): Promise<CheckLine> {
  const url = `${publicUrl}/healthz`;
  const fix =
    'start the app, then make sure PUBLIC_URL reaches it: DNS, TLS and the reverse proxy must forward to the app’s PORT';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(Math.min(timeoutMs, 5_000)), redirect: 'manual' });
    await res.body?.cancel();
    if (res.status === 200) return { status: 'pass', text: `PUBLIC_URL: ${url} answered 200` };
    return { status: 'fail', text: `PUBLIC_URL: ${url} answered HTTP ${res.status}, expected 200`, fix };
  } catch (err) {
    const code = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : errorReason(err);
    return { status: 'fail', text: `PUBLIC_URL: ${url} is not reachable (${code})`, fix };
  }
}
