/**
 * CSV for audit exports (RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote or line
 * break are quoted and inner quotes doubled). Cells that a spreadsheet would run as a formula — starting
 * with `=`, `+`, `-`, `@`, tab or carriage return — get a leading `'` (OWASP "CSV injection"): audit
 * values such as customer labels are typed by users.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvRow = (cells: readonly (string | number | null)[]): string => `${cells.map(csvCell).join(',')}\r\n`;
