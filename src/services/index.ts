import { buildAccessService } from './access-service.js';
import { buildAccountsService } from './accounts/accounts-service.js';
import { buildAuditService } from './audit-service.js';
import { buildCompletionService } from './completion-service.js';
import { buildConnectionsService } from './connections-service.js';
import { createContext, type ServiceContext } from './context.js';
import type {
  AccessService,
  AuditService,
  CompletionService,
  ConnectionsService,
  CustomerLinkService,
  LinksService,
  RedirectsService,
  Services,
} from './contracts.js';
import { buildCustomerLinkService } from './customer-link-service.js';
import type { ServiceDeps } from './deps.js';
import { buildHomeService } from './home/home-service.js';
import { buildLinksService } from './links-service.js';
import { buildRedirectsService } from './redirects-service.js';

export type * from './contracts.js';
export type { IdSource, ServiceDeps } from './deps.js';
export type * from './home/contract.js';
export { createHousekeeper, DEFAULT_RETENTION_MS, type Housekeeper } from './housekeeping.js';
export { hashToken, randomIds } from './ids.js';
export { createPoller, type Poller } from './poller.js';
export { fail, ok, type Result } from './result.js';

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
