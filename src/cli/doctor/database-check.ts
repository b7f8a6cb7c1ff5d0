/** Opens the database as the app does at start (migrations included) and pings it. */
import { openStorage } from '../../adapters/storage/index.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';
import { type CheckLine, errorReason } from './check-line.js';

/** What to show for the database: never the PostgreSQL URL itself (it may hold a password). */
function describeDb(db: Config['db']): string {
  if (db.kind === 'sqlite') return `SQLite ${db.sqlitePath ?? db.url.slice('sqlite:'.length)}`;
  try {
    const u = new URL(db.url);
    return `PostgreSQL ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

export async function checkDatabase(config: Config, logger: Logger): Promise<CheckLine> {
  const what = describeDb(config.db);
  let storage: Awaited<ReturnType<typeof openStorage>> | undefined;
  try {
    // Opening runs the migrations, as the app does at start.
    storage = await openStorage(config.db, logger);
    await storage.ping();
    return { status: 'pass', text: `Database: ${what} opened, migrations applied, ping OK` };
  } catch (err) {
    return {
      status: 'fail',
      text: `Database: ${what} could not be opened (${errorReason(err)})`,
      fix:
        config.db.kind === 'sqlite'
          ? 'check DATABASE_URL=sqlite:<path>: the directory must exist or be creatable, and be writable by this user'
          : 'check DATABASE_URL=postgres://user@host:port/database: the server must be reachable and the user allowed to create tables',
    };
  } finally {
    await storage?.close().catch(() => undefined);
  }
}
