/** Builds the services over real SQLite storage, the in-memory Celigo and a fixed clock. */
import { Writable } from 'node:stream';
import { loadConfig } from '../../../src/config.js';
import type { OutboxMessage } from '../../../src/domain/notification.js';
import { createLogger } from '../../../src/logger.js';
import type { StaffDirectory } from '../../../src/ports/staff-directory.js';
import type { Actor, Services } from '../../../src/services/index.js';
import { createServices, type ServiceDeps } from '../../../src/services/index.js';
import { openTestStorage, type TestStorage } from '../../support/databases.js';
import { FixedClock } from '../../support/fixed-clock.js';
import { MemoryCeligo } from '../../support/memory-celigo.js';

export const TEAM = 'T0001';
export const CHANNEL = 'C0001';
export const OPERATOR = 'UOPER';
export const ADMIN = 'UADMIN';
export const GROUP = 'SOPSGROUP';
export const GROUP_MEMBER = 'UGROUPIE';
export const STRANGER = 'USTRANGER';
export const PUBLIC_URL = 'https://bot.example.com';

export const BASE_ENV: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'test-signing-secret',
  CELIGO_API_TOKEN: 'celigo-test-token',
  PUBLIC_URL,
  CELIGO_BOT_OPERATORS: `${OPERATOR},${GROUP}`,
  CELIGO_BOT_ADMINS: ADMIN,
  LINK_TTL: '1h',
  POLL_INTERVAL: '30s',
};

/** A StaffDirectory over a map; `failing` makes every lookup throw. */
export class MapDirectory implements StaffDirectory {
  readonly groups = new Map<string, string[]>([[GROUP, [GROUP_MEMBER]]]);
  failing = false;
  lookups = 0;
  async membersOf(group: string): Promise<ReadonlySet<string>> {
    this.lookups += 1;
    if (this.failing) throw new Error('usergroups.users.list failed');
    return new Set(this.groups.get(group) ?? []);
  }
}

export interface Harness {
  readonly services: Services;
  readonly celigo: MemoryCeligo;
  readonly clock: FixedClock;
  readonly directory: MapDirectory;
  readonly db: TestStorage;
  readonly deps: ServiceDeps;
  /** Everything the services logged, as text. */
  logs(): string;
  /** Outbox messages stored so far, oldest first. */
  outbox(): Promise<OutboxMessage[]>;
  /** Audit entries, oldest first. */
  auditRows(): Promise<Awaited<ReturnType<TestStorage['storage']['audit']['query']>>>;
  actor(userId: string, channelId?: string | null): Actor;
  close(): Promise<void>;
}

export async function createHarness(env: Record<string, string | undefined> = {}): Promise<Harness> {
  const config = loadConfig(
    Object.fromEntries(Object.entries({ ...BASE_ENV, ...env }).filter(([, v]) => v !== undefined)),
  );
  // SQLite by default, as the unit suite runs; SERVICES_DIALECT=postgres (with TEST_DATABASE_URL) runs it on PostgreSQL.
  const db = await openTestStorage(process.env['SERVICES_DIALECT'] === 'postgres' ? 'postgres' : 'sqlite');
  const celigo = new MemoryCeligo();
  const clock = new FixedClock();
  const directory = new MapDirectory();
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  let n = 0;
  let t = 0;
  const deps: ServiceDeps = {
    config,
    storage: db.storage,
    celigo,
    directory,
    clock,
    logger,
    ids: {
      newId: () => `id-${String(++n).padStart(4, '0')}`,
      newToken: () => `token-${String(++t).padStart(4, '0')}-abcdefghijklmnopqrstuvwxyz0123456789`,
    },
  };
  const services = createServices(deps);
  let req = 0;
  return {
    services,
    celigo,
    clock,
    directory,
    db,
    deps,
    logs: () => lines.join(''),
    async outbox() {
      const rows = await db.db.selectFrom('outbox').selectAll().orderBy('id').execute();
      return rows.map((r) => JSON.parse(r.payload) as OutboxMessage);
    },
    auditRows: () => db.storage.audit.query({ order: 'asc', limit: 10_000 }),
    actor: (userId, channelId = CHANNEL) => ({ teamId: TEAM, userId, channelId, requestId: `req-${++req}` }),
    close: () => db.cleanup(),
  };
}
