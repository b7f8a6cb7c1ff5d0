import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CONNECTION_ID, startTestServer, type TestServer, TOKEN } from './http-test-server.js';

let s: TestServer | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

/** A raw request, so malformed paths reach the server exactly as written. */
function raw(
  baseUrl: string,
  method: string,
  path: string,
  body?: Buffer,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers: body ? { 'content-length': body.length } : {} },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the app HTTP server', () => {
  it.each(['/l/%E0%A4%A', '/relay/%E0%A4%A', '/l/%E0%A4%A/continue'])(
    'answers a malformed escape (%s) with 404 and keeps serving',
    async (path) => {
      s = await startTestServer();
      const res = await raw(s.baseUrl, 'GET', path);
      expect(res.status).toBe(404);
      expect((await s.get('/healthz')).status).toBe(200);
      expect(s.links.viewCalls).toEqual([]);
    },
  );

  it('logs unhandled requests by route template, method and status, never the path', async () => {
    s = await startTestServer();
    expect((await raw(s.baseUrl, 'DELETE', `/l/${TOKEN}/continue`)).status).toBe(405);
    expect((await raw(s.baseUrl, 'GET', `/nowhere/${TOKEN}?code=secret-code-123`)).status).toBe(404);
    const logs = s.logs();
    expect(logs).toContain('"route":"/l/:token/continue","method":"DELETE","status":405');
    expect(logs).toContain('"route":"unmatched","method":"GET","status":404');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('secret-code-123');
  });

  it('answers HEAD wherever GET works, without a body', async () => {
    s = await startTestServer();
    for (const path of ['/healthz', '/readyz', '/metrics', `/l/${TOKEN}`, `/l/${TOKEN}/continue`]) {
      const res = await raw(s.baseUrl, 'HEAD', path);
      expect([path, res.status]).not.toEqual([path, 405]);
      expect(res.status).toBeLessThan(500);
      expect(res.body).toBe('');
    }
    const relay = await raw(s.baseUrl, 'HEAD', `/relay/${CONNECTION_ID}?code=secret-code-123`);
    expect(relay.status).toBe(200);
    expect(s.logs()).not.toContain('secret-code-123');
    expect(s.logs()).not.toContain(TOKEN);
  });

  it('refuses a body on pages that take none (413), and reads nothing', async () => {
    s = await startTestServer();
    const res = await raw(s.baseUrl, 'GET', `/relay/${CONNECTION_ID}`, Buffer.alloc(4096, 'a'));
    expect(res.status).toBe(413);
    expect(s.completion.calls).toEqual([]);
  });
});
