import type { AuditInput } from '../../domain/audit.js';
import type { CeligoAccounts } from '../../ports/celigo-accounts.js';
import type { Stores } from '../../ports/storage.js';
import { singleAccount } from '../accounts/account-router.js';
import { createAuditRecorder, type RecordFn } from './audit-recorder.js';
import type { IdSource, ServiceDeps } from './deps.js';
import { randomIds } from './ids.js';

/** ServiceDeps with defaults filled in, plus the shared audit helper. Internal to services/. */
export interface ServiceContext extends Omit<ServiceDeps, 'ids' | 'accounts'> {
  readonly ids: IdSource;
  readonly accounts: CeligoAccounts;
  readonly record: RecordFn;
  /** Records one entry in its own transaction (refusals, failures). */
  recordNow(input: AuditInput): Promise<void>;
}

export function createContext(deps: ServiceDeps): ServiceContext {
  const record = createAuditRecorder(deps.config, deps.clock);
  return {
    ...deps,
    ids: deps.ids ?? randomIds,
    accounts: deps.accounts ?? singleAccount(deps.celigo).accounts,
    record,
    recordNow: async (input) => {
      await deps.storage.transaction((tx: Stores) => record(tx, input));
    },
  };
}
