import type { ProbeResult } from './probe-checks.js';

/** Plain-text table: one row per check, then the changes to make (or "nothing to change"). */
export function renderProbeTable(connectionId: string, results: readonly ProbeResult[]): string {
  const rows = [['check', 'settles', 'found'], ...results.map((r) => [r.check, r.settles, r.found])];
  const widths = [0, 1].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  const changes = results.filter((r) => r.change !== undefined);
  const tail = changes.length
    ? `\nShould change:\n${changes.map((r) => `  - ${r.check}: ${r.change}`).join('\n')}\n`
    : "\nThe app's defaults match what Celigo does here: nothing to change.\n";
  return `celigo-bot probe ${connectionId}\n\n${rows.map(line).join('\n')}\n${tail}`;
}
