import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { homeAndReminders } from './0005-home-and-reminders.js';

/** In-code provider: migrations ship inside the build, no file-system scanning at start. Names sort in order. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0005-home-and-reminders': homeAndReminders,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => ({ ...MIGRATIONS }),
};
