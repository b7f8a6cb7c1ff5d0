import { errorCode } from '../../errors.js';

/** One line of `celigo-bot doctor`: ✓ pass, ✗ fail, ⚠ warning, – skipped, and how to fix it. */
export type Status = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckLine {
  readonly status: Status;
  readonly text: string;
  readonly fix?: string;
}

/**
 * A short reason for an error: its code (`ENOTDIR`, `ECONNREFUSED`, `SQLITE_CANTOPEN`…) from anywhere in the
 * cause chain, else the innermost message (clipped). Network and driver messages carry no tokens.
 */
export function errorReason(err: unknown): string {
  const seen = new Set<unknown>();
  let e: unknown = err;
  let innermost: Error | undefined;
  while (e instanceof Error && !seen.has(e)) {
    seen.add(e);
    innermost = e;
    const code = errorCode(e);
    if (code && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause ?? (e as { original?: unknown }).original;
  }
  const message = innermost?.message.replace(/\s+/g, ' ').trim();
  if (message) return message.length > 80 ? `${message.slice(0, 80)}…` : message;
  return innermost?.name ?? 'unknown error';
}
