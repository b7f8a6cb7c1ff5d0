import type { AuditInput } from '../domain/audit.js';
import type { Stores } from '../ports/storage.js';
import { createAuditRecorder, type RecordFn } from './audit-recorder.js';
import type { IdSource, ServiceDeps } from './deps.js';
import { randomIds } from './ids.js';

/** ServiceDeps with defaults filled in, plus the shared audit helper. Internal to services/. */
export interface ServiceContext extends Omit<ServiceDeps, 'ids'> {
  readonly ids: IdSource;
  readonly record: RecordFn;
  /** Records one entry in its own transaction (refusals, failures). */
  recordNow(input: AuditInput): Promise<void>;
}

export function createContext(deps: ServiceDeps): ServiceContext {
  const record = createAuditRecorder(deps.config, deps.clock);
  return {
    ...deps,
    ids: deps.ids ?? randomIds,
    record,
    recordNow: async (input) => {
      await deps.storage.transaction((tx: Stores) => record(tx, input));
    },
  };
}
