/** What every route handler gets, and how it reads Bolt's path parameters. */
import type { ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../logger.js';

/** What each handler gets: the request with Bolt's path params, the response, and a per-request log. */
export interface RouteContext {
  readonly req: RouteRequest;
  readonly res: ServerResponse;
  readonly requestId: string;
  readonly log: Logger;
}

export type RouteRequest = Parameters<CustomRoute['handler']>[0];

/** A path parameter as one string (Express 5 typings allow arrays for wildcards; ours are plain). */
export function pathParam(req: RouteRequest, name: string): string {
  const v = req.params?.[name];
  return typeof v === 'string' ? v : '';
}
