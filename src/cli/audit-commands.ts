/**
 * `celigo-bot audit export` and `celigo-bot audit verify`: thin wrappers over the audit reader (services/audit/), which owns
 * the queries and the hash-chain walk (domain/audit.ts).
 */

import type { Writable } from 'node:stream';
import { accountOf } from '../domain/account.js';
import type { AuditEntry } from '../domain/audit.js';
import type { AuditReader } from '../services/index.js';
import { csvRow } from './csv.js';
import { write } from './output.js';

export type ExportFormat = 'jsonl' | 'csv';

export interface ExportFilter {
  readonly connectionId?: string;
  readonly userId?: string;
  readonly since?: Date;
}

/** Column order of both formats; stable, since reviews and spreadsheets rely on it. */
export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'teamId',
  'userId',
  'channelId',
  'action',
  'account',
  'connectionId',
  'before',
  'after',
  'result',
  'detail',
  'requestId',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof AuditEntry | 'account')[];

/**
 * `account` is not stored in the hashed entry: it is read from the connection key (the bare id is account
 * `default`), so entries written before several accounts existed keep their hashes and still verify.
 */
const pick = (e: AuditEntry): Record<(typeof AUDIT_COLUMNS)[number], string | number | null> =>
  Object.fromEntries(
    AUDIT_COLUMNS.map((k) => [
      k,
      k === 'account' ? (e.connectionId === null ? null : accountOf(e.connectionId)) : e[k],
    ]),
  ) as Record<(typeof AUDIT_COLUMNS)[number], string | number | null>;

/** Streams matching entries in seq order; returns how many were written. */
export async function exportAudit(
  audit: AuditReader,
  filter: ExportFilter,
  format: ExportFormat,
  out: Writable,
): Promise<number> {
  let count = 0;
  if (format === 'csv') await write(out, csvRow(AUDIT_COLUMNS));
  for await (const entry of audit.export(filter)) {
    const row = pick(entry);
    await write(out, format === 'csv' ? csvRow(AUDIT_COLUMNS.map((k) => row[k])) : `${JSON.stringify(row)}\n`);
    count += 1;
  }
  return count;
}

/**
 * Walks the chain and prints one line; returns the exit code (0 intact, 1 broken or `anchor` not in the
 * log, 2 keyed entries but no AUDIT_KEY to check them). The verdict goes to stdout either way: it is the command's result, not a
 * failure to run it.
 */
export async function verifyAudit(audit: AuditReader, out: Writable, anchor?: string): Promise<number> {
  const result = await audit.verify(anchor === undefined ? {} : { anchor });
  const n = (count: number) => `${count} ${count === 1 ? 'entry' : 'entries'}`;
  if (result.ok) {
    const keyed = result.keyed ? ` (${result.keyed} keyed with AUDIT_KEY)` : '';
    if (anchor !== undefined && result.anchorSeq == null) {
      await write(
        out,
        `ANCHOR NOT FOUND: ${anchor} is not in the log (${n(result.count)}${keyed}, chain intact): the log was rewritten or cut back since that anchor was posted\n`,
      );
      return 1;
    }
    const found = anchor !== undefined ? `; anchor ${anchor} is entry #${result.anchorSeq}` : '';
    await write(out, `OK: ${n(result.count)}${keyed}, chain intact${found}\n`);
    return 0;
  }
  if (result.keyRequired) {
    await write(
      out,
      `CANNOT VERIFY from entry #${result.seq}: entries from there on are keyed; set AUDIT_KEY to the key the app uses and run again (${n(result.count)} before it intact)\n`,
    );
    return 2;
  }
  // The service names the problem in plain words (edited, removed, reordered, cut off at the end).
  await write(out, `BROKEN at entry #${result.seq}: ${result.problem} (${n(result.count)} in the log)\n`);
  return 1;
}
