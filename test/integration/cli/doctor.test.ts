import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src/adapters/storage/index.js';
import { runDoctor } from '../../../src/cli/doctor.js';
import { runCli } from '../../../src/cli/main.js';
import { BOT_SCOPES } from '../../../src/cli/slack-manifest.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { type FakeCeligo, startFakeCeligo } from '../../support/fake-celigo.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { captureIo } from './cli-io.js';

const BOT_TOKEN = 'xoxb-doctor-bot-token-0123456789';
const APP_TOKEN = 'xapp-doctor-app-token-0123456789';
const SIGNING_SECRET = 'doctor-signing-secret-0123456789';

let slack: FakeSlack;
let celigo: FakeCeligo;
let site: http.Server;
let siteUrl: string;
let dir: string;

/** Slack reports the token's scopes in a header on every answer; the fake sends what a test grants. */
function grantScopes(scopes: readonly string[]): void {
  slack.overrides.set('auth.test', () => ({
    headers: { 'x-oauth-scopes': scopes.join(',') },
    body: { ok: true, team: 'Fake', user: 'celigo-bot', team_id: 'T1', user_id: 'UBOT', bot_id: 'BBOT' },
  }));
}

const AUDIT_KEY_HEX = '5e'.repeat(32);

function healthyEnv(): NodeJS.ProcessEnv {
  return {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    CELIGO_API_TOKEN: celigo.token,
    CELIGO_API_URL: celigo.baseUrl,
    DATABASE_URL: `sqlite:${path.join(dir, 'doctor.sqlite')}`,
    PUBLIC_URL: siteUrl,
    CELIGO_BOT_OPERATORS: 'U0OPERATOR',
    CELIGO_BOT_ADMINS: 'S0ADMINS',
    REDIRECT_ALLOWED_HOSTS: 'example.com,*.example.com',
    AUDIT_KEY: AUDIT_KEY_HEX,
  };
}

async function doctor(env: NodeJS.ProcessEnv) {
  const io = captureIo(env);
  const code = await runCli(['doctor'], io);
  const out = io.out();
  // Whatever happened, no secret is ever printed.
  for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, celigo.token, 'wrong-celigo-token', AUDIT_KEY_HEX]) {
    expect(out + io.err()).not.toContain(secret);
  }
  return { code, out, lines: out.split('\n') };
}

/** The line for a check, and the fix printed under it. */
function check(lines: string[], prefix: string): { line: string; fix: string | undefined } {
  const i = lines.findIndex((l) => l.slice(2).startsWith(prefix));
  expect(i, `no line for "${prefix}" in:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
  const next = lines[i + 1];
  return { line: lines[i] as string, fix: next?.startsWith('    fix: ') ? next.slice(9) : undefined };
}

beforeAll(async () => {
  slack = await startFakeSlack();
  celigo = await startFakeCeligo();
  site = http.createServer((req, res) => {
    res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await slack.close();
  await celigo.close();
  await new Promise<void>((r) => site.close(() => r()));
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-doctor-'));
  slack.overrides.clear();
  grantScopes(BOT_SCOPES);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('celigo-bot doctor', () => {
  it('confirms the app_home_opened subscription once the app has recorded a Home tab opening', async () => {
    const env = healthyEnv();
    const storage = await openStorage(loadConfig({ ...env }).db, createLogger({ level: 'silent' }));
    await storage.home.recordOpened('T1', 'U1', new Date('2026-03-02T09:00:00.000Z'));
    await storage.close();
    const { lines } = await doctor(env);
    expect(check(lines, 'Slack events:').line).toBe(
      '✓ Slack events: app_home_opened received (last 2026-03-02T09:00:00.000Z)',
    );
  });

  it('passes every check against working Slack, Celigo, database and PUBLIC_URL, and exits 0', async () => {
    const { code, out, lines } = await doctor(healthyEnv());
    expect(code).toBe(0);
    expect(out).not.toContain('✗');
    expect(out).not.toContain('⚠');
    expect(check(lines, 'Settings: valid').line).toMatch(/^✓ /);
    expect(check(lines, 'Database: SQLite').line).toContain('migrations applied');
    expect(check(lines, 'Slack bot token: accepted').line).toContain('Fake');
    expect(check(lines, 'Slack scopes:').line).toMatch(/^✓ /);
    expect(check(lines, 'Slack app token:').line).toMatch(/^✓ /);
    expect(check(lines, 'Celigo API token: accepted').line).toContain(celigo.baseUrl);
    expect(check(lines, 'PUBLIC_URL:').line).toContain('answered 200');
    expect(check(lines, 'Audit log: keyed with AUDIT_KEY').line).toMatch(/^✓ /);
    expect(check(lines, 'Slack events:').line).toMatch(/^– .*no app_home_opened received yet/);
    expect(check(lines, 'Slack events:').fix).toContain('app_home_opened');
    expect(out).toContain('All checks passed.');
    // The Slack checks went through the Web API with the configured tokens.
    expect(slack.callsOf('auth.test')[0]?.auth).toBe(`Bearer ${BOT_TOKEN}`);
    expect(slack.callsOf('apps.connections.open')[0]?.auth).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('warns, without failing, about open access, no PUBLIC_URL, no allowed redirect hosts and no AUDIT_KEY', async () => {
    const env = healthyEnv();
    delete env['AUDIT_KEY'];
    delete env['CELIGO_BOT_OPERATORS'];
    delete env['CELIGO_BOT_ADMINS'];
    delete env['PUBLIC_URL'];
    delete env['REDIRECT_ALLOWED_HOSTS'];
    const { code, out, lines } = await doctor(env);
    expect(code).toBe(0);
    expect(check(lines, 'Access:').line).toMatch(/^⚠ .*everyone in the workspace may do everything/);
    expect(check(lines, 'PUBLIC_URL is not set').fix).toContain('PUBLIC_URL');
    expect(check(lines, 'REDIRECT_ALLOWED_HOSTS').fix).toContain('REDIRECT_ALLOWED_HOSTS');
    expect(check(lines, 'AUDIT_KEY is not set').line).toMatch(/^⚠ .*tamper-evident only against accidents/);
    expect(check(lines, 'AUDIT_KEY is not set').fix).toContain('openssl rand -hex 32');
    expect(out).toContain('All checks passed (4 warnings).');
  });

  it('fails a bot token Slack refuses (invalid_auth) and says where to get a good one', async () => {
    slack.overrides.set('auth.test', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const { code, lines } = await doctor(healthyEnv());
    expect(code).toBe(1);
    const { line, fix } = check(lines, 'Slack bot token:');
    expect(line).toBe('✗ Slack bot token: refused by Slack (invalid_auth)');
    expect(fix).toContain('OAuth & Permissions');
  });

  it('names the scopes the bot token is missing', async () => {
    grantScopes(['commands', 'chat:write']);
    const { code, lines } = await doctor(healthyEnv());
    expect(code).toBe(1);
    const { line, fix } = check(lines, 'Slack scopes:');
    expect(line).toBe('✗ Slack scopes: missing chat:write.public, usergroups:read');
    expect(fix).toContain('reinstall');
  });

  it('fails a Celigo token the API refuses with 401', async () => {
    const { code, lines } = await doctor({ ...healthyEnv(), CELIGO_API_TOKEN: 'wrong-celigo-token' });
    expect(code).toBe(1);
    const { line, fix } = check(lines, 'Celigo API token:');
    expect(line).toMatch(/^✗ Celigo API token: refused by .* \(HTTP 401\)$/);
    expect(fix).toContain('API tokens');
  });

  it('checks every Celigo account on its own line: one refused token fails its account only, naming its setting', async () => {
    const eu = await startFakeCeligo({ token: 'eu-doctor-token-0123456789' });
    try {
      const env: NodeJS.ProcessEnv = {
        ...healthyEnv(),
        CELIGO_ACCOUNTS: `us-prod=${celigo.baseUrl},eu-prod=${eu.baseUrl}`,
        CELIGO_API_TOKEN_US_PROD: celigo.token,
        CELIGO_API_TOKEN_EU_PROD: 'wrong-celigo-token',
      };
      delete env['CELIGO_API_TOKEN'];
      delete env['CELIGO_API_URL'];
      const { code, lines } = await doctor(env);
      expect(code).toBe(1);
      expect(check(lines, 'Celigo account us-prod:').line).toBe(
        `✓ Celigo account us-prod: accepted by ${celigo.baseUrl}`,
      );
      const eu401 = check(lines, 'Celigo account eu-prod:');
      expect(eu401.line).toBe(`✗ Celigo account eu-prod: refused by ${eu.baseUrl} (HTTP 401)`);
      expect(eu401.fix).toContain('set CELIGO_API_TOKEN_EU_PROD');
      expect(lines.some((l) => l.includes('Celigo API token:'))).toBe(false);
    } finally {
      await eu.close();
    }
  });

  it('tells an operator whose token belongs to the other region to set CELIGO_REGION', async () => {
    const eu = await startFakeCeligo({ token: 'eu-token-0123456789' });
    const us = await startFakeCeligo({ token: 'us-token-0123456789' });
    try {
      const env: NodeJS.ProcessEnv = { ...healthyEnv(), CELIGO_API_TOKEN: 'eu-token-0123456789' };
      delete env['CELIGO_API_URL'];
      const io = captureIo(env);
      const code = await runDoctor(io, { regionUrls: { us: us.baseUrl, eu: eu.baseUrl } });
      expect(code).toBe(1);
      const { line, fix } = check(io.out().split('\n'), 'Celigo API token:');
      expect(line).toContain(`refused by ${us.baseUrl}, but accepted by ${eu.baseUrl}`);
      expect(fix).toBe('your token belongs to the EU region: set CELIGO_REGION=eu');
      expect(io.out()).not.toContain('eu-token-0123456789');
    } finally {
      await eu.close();
      await us.close();
    }
  });

  it('fails an unreachable PUBLIC_URL', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { code, lines } = await doctor({ ...healthyEnv(), PUBLIC_URL: `http://127.0.0.1:${port}` });
    expect(code).toBe(1);
    const { line, fix } = check(lines, 'PUBLIC_URL:');
    expect(line).toBe(`✗ PUBLIC_URL: http://127.0.0.1:${port}/healthz is not reachable (ECONNREFUSED)`);
    expect(fix).toContain('reverse proxy');
  });

  it('fails a DATABASE_URL whose directory cannot be created', async () => {
    const blocker = path.join(dir, 'not-a-directory');
    writeFileSync(blocker, 'a file where a directory should be');
    const { code, lines } = await doctor({ ...healthyEnv(), DATABASE_URL: `sqlite:${blocker}/sub/bot.sqlite` });
    expect(code).toBe(1);
    const { line, fix } = check(lines, 'Database:');
    expect(line).toMatch(/^✗ Database: SQLite .*could not be opened \(ENOTDIR\)$/);
    expect(fix).toContain('DATABASE_URL');
  });

  it('lists every invalid setting with its fix, and still checks what does not depend on them', async () => {
    const env = { ...healthyEnv(), SLACK_BOT_TOKEN: 'xoxp-a-user-token', LINK_TTL: 'soon' };
    const { code, out, lines } = await doctor(env);
    expect(code).toBe(1);
    expect(check(lines, 'Setting SLACK_BOT_TOKEN:').line).toContain('xoxb-');
    expect(check(lines, 'Setting LINK_TTL:').line).toContain('72h');
    expect(check(lines, 'Slack bot token:').line).toMatch(/^– .*SLACK_BOT_TOKEN/);
    expect(check(lines, 'Database:').line).toMatch(/^✓ /);
    expect(check(lines, 'Celigo API token:').line).toMatch(/^✓ /);
    expect(out).not.toContain('xoxp-a-user-token');
    expect(out).toMatch(/2 checks failed/);
  });

  it('fails an app token Slack refuses in Socket Mode', async () => {
    slack.overrides.set('apps.connections.open', () => ({ body: { ok: false, error: 'invalid_auth' } }));
    const { code, lines } = await doctor(healthyEnv());
    expect(code).toBe(1);
    const { line, fix } = check(lines, 'Slack app token:');
    expect(line).toBe('✗ Slack app token: refused by Slack (invalid_auth)');
    expect(fix).toContain('connections:write');
  });

  it('in HTTP mode checks the signing secret instead of an app token', async () => {
    const env: NodeJS.ProcessEnv = { ...healthyEnv(), SLACK_SIGNING_SECRET: SIGNING_SECRET };
    delete env['SLACK_APP_TOKEN'];
    const before = slack.callsOf('apps.connections.open').length;
    const { code, lines } = await doctor(env);
    expect(code).toBe(0);
    expect(check(lines, 'Slack HTTP mode:').line).toContain('signing secret set');
    expect(slack.callsOf('apps.connections.open')).toHaveLength(before);
  });

  it('in HTTP mode without a signing secret fails the setting and does not pretend to check it', async () => {
    const env = healthyEnv();
    delete env['SLACK_APP_TOKEN'];
    const { code, lines } = await doctor(env);
    expect(code).toBe(1);
    expect(check(lines, 'Setting SLACK_SIGNING_SECRET:').line).toMatch(/^✗ .*Signing Secret/);
    expect(check(lines, 'Slack HTTP mode:').line).toMatch(/^– .*SLACK_SIGNING_SECRET/);
  });
});
