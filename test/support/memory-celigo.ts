/**
 * An in-memory CeligoGateway for service tests: a fake of the port, not a module mock. Connections live in a
 * map; knobs make the next call of a method fail, set a connection offline/online, or make ping fail.
 * Errors are the adapter's real CeligoError classes, so services map them exactly as in production.
 */

import {
  CeligoAuthError,
  type CeligoError,
  CeligoNotConfirmedError,
  CeligoNotFoundError,
  CeligoRateLimitError,
  CeligoServerError,
  CeligoTimeoutError,
  CeligoValidationError,
} from '../../src/adapters/celigo/celigo-errors.js';
import { describeRedirectUpdate } from '../../src/adapters/celigo/redirect-update.js';
import type { ConnectionSummary } from '../../src/domain/connection.js';
import type { CeligoGateway, PingResult, RedirectUpdate } from '../../src/ports/celigo-gateway.js';

export type CeligoMethod = keyof CeligoGateway;

const METHODS: readonly CeligoMethod[] = [
  'tokenInfo',
  'listConnections',
  'getConnection',
  'getAuthorizationUrl',
  'setRedirectUrl',
  'ping',
];

/** Ready-made adapter errors by kind. */
export const celigoErrors = {
  auth: () => new CeligoAuthError({ method: 'GET', route: '/v1/connections', status: 401 }),
  notFound: () => new CeligoNotFoundError({ method: 'GET', route: '/v1/connections/:id', status: 404 }),
  validation: () =>
    new CeligoValidationError({
      method: 'PATCH',
      route: '/v1/connections/:id',
      status: 422,
      errors: [{ code: 'invalid_value', message: 'oauth2RedirectUrl is not valid', field: undefined }],
    }),
  server: () => new CeligoServerError({ method: 'GET', route: '/v1/connections', status: 503 }),
  rateLimited: () => new CeligoRateLimitError({ method: 'GET', route: '/v1/connections', status: 429 }),
  timeout: () => new CeligoTimeoutError({ method: 'GET', route: '/v1/connections' }),
  notConfirmed: () => new CeligoNotConfirmedError({ method: 'PATCH', route: '/v1/connections/:id' }),
};

let counter = 0;

/** A 24-hex id, distinct per call. Zero-padded: a hex digit as padding made ids repeat (1 and 0xa1). */
export const connectionId = (n?: number): string => (n ?? ++counter).toString(16).padStart(24, '0').slice(-24);

export class MemoryCeligo implements CeligoGateway {
  readonly connections = new Map<string, ConnectionSummary>();
  /** Calls per method. */
  readonly calls: Record<CeligoMethod, number> = Object.fromEntries(METHODS.map((m) => [m, 0])) as Record<
    CeligoMethod,
    number
  >;
  /** Every setRedirectUrl, in order. */
  readonly redirectWrites: { id: string; url: string | null }[] = [];
  /** Every authorization URL handed out (they are secrets: tests assert they never leak). */
  readonly issuedUrls: string[] = [];
  readonly #failures = new Map<CeligoMethod, CeligoError[]>();
  readonly #pings = new Map<string, PingResult>();
  #tick = 0;

  /** Adds an OAuth 2.0 authorization-code connection (override any field). */
  add(fields: Partial<ConnectionSummary> & { name: string }): ConnectionSummary {
    const c: ConnectionSummary = {
      id: connectionId(),
      type: 'http',
      authType: 'oauth',
      grantType: undefined,
      offline: true,
      lastModified: this.#stamp(),
      redirectUrl: undefined,
      ...fields,
    };
    this.connections.set(c.id, c);
    return c;
  }

  /** The next call of `method` throws `error` (queue several by calling again). */
  failNext(method: CeligoMethod, error: CeligoError): void {
    this.#failures.set(method, [...(this.#failures.get(method) ?? []), error]);
  }

  /** Sets `offline`; `touch` also moves lastModified, as a new authorization does. */
  setOffline(id: string, offline: boolean, opts: { touch?: boolean } = {}): void {
    const c = this.#get(id);
    this.connections.set(id, { ...c, offline, lastModified: opts.touch ? this.#stamp() : c.lastModified });
  }

  /** What the customer's consent does: new tokens (lastModified moves) and online. */
  authorize(id: string): void {
    this.setOffline(id, false, { touch: true });
  }

  setPing(id: string, result: PingResult): void {
    this.#pings.set(id, result);
  }

  get(id: string): ConnectionSummary {
    return this.#get(id);
  }

  async tokenInfo(): Promise<{ userId: string }> {
    this.#enter('tokenInfo');
    return { userId: 'celigo-user' };
  }

  async listConnections(): Promise<ConnectionSummary[]> {
    this.#enter('listConnections');
    return [...this.connections.values()];
  }

  async getConnection(id: string): Promise<ConnectionSummary> {
    this.#enter('getConnection');
    const c = this.connections.get(id);
    if (!c) throw celigoErrors.notFound();
    return c;
  }

  async getAuthorizationUrl(id: string): Promise<string> {
    this.#enter('getAuthorizationUrl');
    if (!this.connections.has(id)) throw celigoErrors.notFound();
    const url = `https://integrator.example/connection/${id}/oauth2/authorize?state=secret-state-${this.issuedUrls.length + 1}`;
    this.issuedUrls.push(url);
    return url;
  }

  async setRedirectUrl(id: string, url: string | null): Promise<RedirectUpdate> {
    this.#enter('setRedirectUrl');
    const c = this.connections.get(id);
    if (!c) throw celigoErrors.notFound();
    this.redirectWrites.push({ id, url });
    const updated: ConnectionSummary = { ...c, redirectUrl: url ?? undefined, lastModified: this.#stamp() };
    this.connections.set(id, updated);
    return { before: c.redirectUrl ?? null, after: url, method: 'patch', connection: updated };
  }

  /** The adapter's own description: a fake of the transport, not of how the request is built. */
  describeRedirectUpdate(id: string, before: string | null, url: string | null): string {
    return describeRedirectUpdate(id, before, url);
  }

  async ping(id: string): Promise<PingResult> {
    this.#enter('ping');
    if (!this.connections.has(id)) throw celigoErrors.notFound();
    return this.#pings.get(id) ?? { ok: true };
  }

  #enter(method: CeligoMethod): void {
    this.calls[method] += 1;
    const queued = this.#failures.get(method);
    const next = queued?.shift();
    if (next) throw next;
  }

  #get(id: string): ConnectionSummary {
    const c = this.connections.get(id);
    if (!c) throw new Error(`MemoryCeligo: no connection ${id}`);
    return c;
  }

  /** Strictly increasing lastModified values. */
  #stamp(): string {
    this.#tick += 1;
    return new Date(Date.UTC(2025, 0, 1, 0, 0, this.#tick)).toISOString();
  }
}
