import type { AuditInput } from '../../domain/audit.js';
import type { CeligoAccounts } from '../../ports/celigo-accounts.js';
import type { Stores } from '../../ports/storage.js';
import { singleAccount } from '../accounts/index.js';
import { createAuditRecorder, type RecordFn } from './audit-recorder.js';
import type { IdSource, ServiceDeps } from './deps.js';
import { randomIds } from './ids.js';
import { createWithCeligo, type WithCeligo } from './with-celigo.js';

/** ServiceDeps with defaults filled in, plus the shared audit helper. Internal to services/. */
export interface ServiceContext extends Omit<ServiceDeps, 'ids' | 'accounts'> {
  readonly ids: IdSource;
  readonly accounts: CeligoAccounts;
  readonly record: RecordFn;
  /** Records one entry in its own transaction (refusals, failures). */
  recordNow(input: AuditInput): Promise<void>;
  /** One Celigo call whose failure is audited and returned as a Result (with-celigo.ts). */
  readonly withCeligo: WithCeligo;
}

export function createContext(deps: ServiceDeps): ServiceContext {
  const record = createAuditRecorder(deps.config, deps.clock);
  return {
    ...deps,
    ids: deps.ids ?? randomIds,
    accounts: deps.accounts ?? singleAccount(deps.celigo).accounts,
    record,
    withCeligo: createWithCeligo(deps.storage, record),
    recordNow: async (input) => {
      await deps.storage.transaction((tx: Stores) => record(tx, input));
    },
  };
}
