import { buildAccessService } from './access/access-service.js';
import type { AccessService } from './access/contract.js';
import { buildAccountsService } from './accounts/accounts-service.js';
import { buildAuditService } from './audit/audit-service.js';
import type { AuditService } from './audit/contract.js';
import { buildCompletionService } from './completion/completion-service.js';
import type { CompletionService } from './completion/contract.js';
import { buildConnectionsService } from './connections/connections-service.js';
import type { ConnectionsService } from './connections/contract.js';
import { buildHomeService } from './home/home-service.js';
import type { CustomerLinkService, LinksService } from './links/contract.js';
import { buildCustomerLinkService } from './links/customer-link-service.js';
import { buildLinksService } from './links/links-service.js';
import type { RedirectsService } from './redirects/contract.js';
import { buildRedirectsService } from './redirects/redirects-service.js';
import { createContext, type ServiceContext } from './shared/context.js';
import type { Services } from './shared/contracts.js';
import type { ServiceDeps } from './shared/deps.js';

export type * from './access/contract.js';
export type * from './accounts/contract.js';
export type * from './audit/contract.js';
export type * from './completion/contract.js';
export { createPoller, type Poller } from './completion/poller.js';
export type * from './connections/contract.js';
export type * from './home/contract.js';
export { createHousekeeper, DEFAULT_RETENTION_MS, type Housekeeper } from './housekeeping/housekeeping.js';
export type * from './links/contract.js';
export type * from './redirects/contract.js';
export type * from './shared/contracts.js';
export type { IdSource, ServiceDeps } from './shared/deps.js';
export { hashToken, randomIds } from './shared/ids.js';
export { fail, ok, type Result } from './shared/result.js';

function wire(ctx: ServiceContext): Services {
  const access = buildAccessService(ctx);
  const connections = buildConnectionsService(ctx, access);
  return {
    access,
    accounts: buildAccountsService(ctx, access),
    connections,
    links: buildLinksService(ctx, access, connections),
    customerLinks: buildCustomerLinkService(ctx),
    completion: buildCompletionService(ctx),
    redirects: buildRedirectsService(ctx, access, connections),
    audit: buildAuditService(ctx, access, connections),
    home: buildHomeService(ctx, access),
  };
}

/** Builds every use case over one shared context (ids, the audit helper). */
export function createServices(deps: ServiceDeps): Services {
  return wire(createContext(deps));
}

// One factory per use case, for callers that need only one (the CLI's audit export/verify, the poller).
export const createAccessService = (deps: ServiceDeps): AccessService => buildAccessService(createContext(deps));
export const createConnectionsService = (deps: ServiceDeps): ConnectionsService =>
  wire(createContext(deps)).connections;
export const createLinksService = (deps: ServiceDeps): LinksService => wire(createContext(deps)).links;
export const createCustomerLinkService = (deps: ServiceDeps): CustomerLinkService =>
  buildCustomerLinkService(createContext(deps));
export const createCompletionService = (deps: ServiceDeps): CompletionService =>
  buildCompletionService(createContext(deps));
export const createRedirectsService = (deps: ServiceDeps): RedirectsService => wire(createContext(deps)).redirects;
export const createAuditService = (deps: ServiceDeps): AuditService => wire(createContext(deps)).audit;
