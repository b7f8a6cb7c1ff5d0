/** One table: each figure for the app, the bare Bolt app's, their ratio and the target. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Row {
  readonly figure: string;
  readonly unit: string;
  readonly app: number;
  /** null where the bare app has no counterpart (background work). */
  readonly baseline: number | null;
  /** What the app should stay within: a ratio (`≤ 1.25×`) or an absolute bound (`≤ 150 ms`). */
  readonly target: string;
  readonly note?: string;
}

export const rows: Row[] = [];

/** Records a figure and shows it at once on stderr, so a long run that is cut short still tells something. */
export function addRow(...added: Row[]): void {
  for (const r of added) {
    rows.push(r);
    process.stderr.write(`  ${r.figure}: ${fmt(r.app)} ${r.unit} (bare ${fmt(r.baseline)})\n`);
  }
}

export const ratio = (r: Row): number | null =>
  r.baseline === null || r.baseline === 0 ? null : Math.round((r.app / r.baseline) * 100) / 100;

const fmt = (n: number | null): string =>
  n === null || Number.isNaN(n) ? '–' : Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(1);

export function printTable(title: string): void {
  const header = ['figure', 'app', 'bare Bolt', 'ratio', 'target', 'note'];
  const body = rows.map((r) => [
    r.figure,
    `${fmt(r.app)} ${r.unit}`,
    r.baseline === null ? '–' : `${fmt(r.baseline)} ${r.unit}`,
    ratio(r) === null ? '–' : `${ratio(r)?.toFixed(2)}×`,
    r.target,
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const b of body) console.log(line(b));
}

export function writeJson(file: string, meta: object): void {
  const out = { ...meta, rows: rows.map((r) => ({ ...r, ratio: ratio(r) })) };
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
}
