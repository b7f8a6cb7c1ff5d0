/** What every route handler gets, and how it reads path parameters. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';

/** What each handler gets: the request with its path params, the response, and a per-request log. */
export interface RouteContext {
  readonly req: RouteRequest;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly log: Logger;
}

/** The request with the path parameters the router matched (already percent-decoded). */
export type RouteRequest = IncomingMessage & { params?: Readonly<Record<string, string>> };

/** One route of the app's own HTTP server: a template such as `/l/:token`, its methods and a handler. */
export interface HttpRoute {
  readonly path: string;
  readonly method: string | readonly string[];
  /** Whether a request body is read at all; every other route answers a body with 413. */
  readonly acceptsBody?: boolean;
  handler(req: RouteRequest, res: ServerResponse): void;
}

/** A path parameter as one string ('' when absent). */
export function pathParam(req: RouteRequest, name: string): string {
  const v = req.params?.[name];
  return typeof v === 'string' ? v : '';
}
