import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { onePendingLink } from './0002-one-pending-link.js';
import { celigoFindings } from './0003-celigo-findings.js';
import { linkContinuedAt } from './0004-link-continued-at.js';
import { homeAndReminders } from './0005-home-and-reminders.js';
import { accounts } from './0006-accounts.js';
import { auditHashScheme } from './0007-audit-hash-scheme.js';
import { auditByAction } from './0008-audit-by-action.js';

/** In-code provider: migrations ship inside the build, no file-system scanning at start. Names sort in order. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-one-pending-link': onePendingLink,
  '0003-celigo-findings': celigoFindings,
  '0004-link-continued-at': linkContinuedAt,
  '0005-home-and-reminders': homeAndReminders,
  '0006-accounts': accounts,
  '0007-audit-hash-scheme': auditHashScheme,
  '0008-audit-by-action': auditByAction,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
