const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `15m`, `72h`, `7d` into milliseconds; undefined when malformed or not positive. */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d{1,9})\s*([smhd])\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = UNITS[m[2] ?? ''];
  if (!unit || n <= 0) return undefined;
  return n * unit;
}

/** Human form for messages: `3d 2h`, `15m`, `45s`. */
export function formatDuration(ms: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(ms / 1000));
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join(' ') : '0s';
}
