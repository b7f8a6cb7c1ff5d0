/** Small response writers: every response of these routes carries the security headers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SECURITY_HEADERS } from './html.js';
import type { Page } from './pages.js';

export function sendPage(res: ServerResponse, page: Page): void {
  send(res, page.status, 'text/html; charset=utf-8', page.html, page.headers);
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string): void {
  send(res, status, contentType, body);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** 303 See Other: the browser follows with a GET, whatever the original method was. */
export function seeOther(res: ServerResponse, location: string): void {
  res.writeHead(303, { ...SECURITY_HEADERS, location, 'content-length': '0' });
  res.end();
}

function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  extra?: Readonly<Record<string, string>>,
): void {
  const buf = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'content-type': contentType,
    'content-length': String(buf.length),
  });
  res.end(buf);
}

export class BodyTooLargeError extends Error {
  constructor() {
    super('Request body too large.');
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads and discards the request body up to `limit` bytes (Bolt does not read bodies for custom routes).
 * Nothing in it is used — the Continue form posts nothing we need — but it must be consumed so the
 * connection can be reused, and bounded so a client cannot stream forever.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLargeError());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.resume();
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
  });
}
