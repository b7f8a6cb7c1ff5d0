import type { Storage } from '../ports/storage.js';
import { buildAccessService } from './access/access-service.js';
import { buildAccountsService } from './accounts/accounts-service.js';
import { buildAuditReader } from './audit/audit-reader.js';
import { buildAuditService } from './audit/audit-service.js';
import type { AuditReader } from './audit/contract.js';
import { createContext, type ServiceContext } from './common/context.js';
import type { Services } from './common/contracts.js';
import type { ServiceDeps } from './common/deps.js';
import { buildCompletionService } from './completion/completion-service.js';
import { buildConnectionsService } from './connections/connections-service.js';
import { buildHomeService } from './home/home-service.js';
import { buildLandingPages } from './landing/index.js';
import { buildCustomerLinkService } from './links/customer-link-service.js';
import { buildLinksService } from './links/links-service.js';
import { buildRedirectsService } from './redirects/redirects-service.js';

export type * from './access/contract.js';
export type * from './accounts/contract.js';
export type * from './audit/contract.js';
export type * from './common/contracts.js';
export type { IdSource, ServiceDeps } from './common/deps.js';
export { hashToken, randomIds } from './common/ids.js';
export { fail, ok, type Result } from './common/result.js';
export type * from './completion/contract.js';
export { createPoller, type Poller } from './completion/poller.js';
export type * from './connections/contract.js';
export type * from './home/contract.js';
export { createHousekeeper, DEFAULT_RETENTION_MS, type Housekeeper } from './housekeeping/housekeeping.js';
export type * from './links/contract.js';
export type * from './redirects/contract.js';

function wire(ctx: ServiceContext): Services {
  const access = buildAccessService(ctx);
  const landing = buildLandingPages(ctx);
  const connections = buildConnectionsService(ctx, access, landing);
  return {
    access,
    accounts: buildAccountsService(ctx, access),
    connections,
    links: buildLinksService(ctx, access, connections, landing),
    customerLinks: buildCustomerLinkService(ctx),
    completion: buildCompletionService(ctx),
    redirects: buildRedirectsService(ctx, access, connections, landing),
    audit: buildAuditService(ctx, access, connections),
    home: buildHomeService(ctx, access),
  };
}

/** Builds every use case over one shared context (ids, the audit helper). */
export function createServices(deps: ServiceDeps): Services {
  return wire(createContext(deps));
}

/** Audit export and verify over the log alone (the CLI's audit commands, the bench): no Celigo, Slack or access. */
export const createAuditReader = (storage: Pick<Storage, 'audit'>, auditKey: Uint8Array | null): AuditReader =>
  buildAuditReader(storage.audit, auditKey);
