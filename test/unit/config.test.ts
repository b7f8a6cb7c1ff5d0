import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

const base = {
  SLACK_BOT_TOKEN: 'xoxb-secret-bot-value',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
  CELIGO_API_TOKEN: 'celigo-secret-value',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('applies the documented defaults', () => {
    const c = loadConfig(base);
    expect(c.slack.command).toBe('/celigo');
    expect(c.slack.apiUrl).toBe('https://slack.com/api/');
    expect(c.slack.socketMode).toBe(false);
    expect(c.celigo.region).toBe('us');
    expect(c.celigo.baseUrl).toBe('https://api.integrator.io');
    expect(c.http).toEqual({ port: 3000, host: '0.0.0.0', publicUrl: null, trustedProxyHops: 0 });
    expect(c.db.kind).toBe('sqlite');
    expect(c.db.sqlitePath).toMatch(/data\/celigo-bot\.sqlite$/);
    expect(c.links).toEqual({
      ttlMs: 72 * 3_600_000,
      pollIntervalMs: 30_000,
      partnerName: null,
      remindAfterMs: 24 * 3_600_000,
      remindBeforeExpiryMs: 6 * 3_600_000,
    });
    expect(c.access).toEqual({ operators: [], admins: [], channels: [] });
    expect(c.log.level).toBe('info');
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('the EU region selects the EU base URL, and CELIGO_API_URL overrides either', () => {
    expect(loadConfig({ ...base, CELIGO_REGION: 'EU' }).celigo.baseUrl).toBe('https://api.eu.integrator.io');
    expect(loadConfig({ ...base, CELIGO_API_URL: 'http://127.0.0.1:9999/v1/' }).celigo.baseUrl).toBe(
      'http://127.0.0.1:9999',
    );
  });

  test('an app token switches to Socket Mode, where the signing secret is optional', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-abc', CELIGO_API_TOKEN: 't' });
    expect(c.slack.socketMode).toBe(true);
    expect(c.slack.signingSecret).toBeNull();
  });

  test('parses lists, durations, PUBLIC_URL and PostgreSQL URLs', () => {
    const c = loadConfig({
      ...base,
      CELIGO_BOT_OPERATORS: 'U123, S456 ,',
      CELIGO_BOT_ADMINS: 'W789',
      CELIGO_BOT_CHANNELS: 'C111',
      REDIRECT_ALLOWED_HOSTS: 'Example.com,*.partner.io',
      LINK_TTL: '15m',
      POLL_INTERVAL: '90s',
      PUBLIC_URL: 'https://bot.example.com/',
      DATABASE_URL: 'postgres://bot@db:5432/bot',
      SLACK_API_URL: 'http://127.0.0.1:1234/api',
    });
    expect(c.access.operators).toEqual(['U123', 'S456']);
    expect(c.access.admins).toEqual(['W789']);
    expect(c.redirect.allowedHosts).toEqual(['example.com', '*.partner.io']);
    expect(c.links).toMatchObject({ ttlMs: 900_000, pollIntervalMs: 90_000, partnerName: null });
    expect(c.http.publicUrl).toBe('https://bot.example.com');
    expect(c.db).toEqual({ url: 'postgres://bot@db:5432/bot', kind: 'postgres', sqlitePath: null });
    expect(c.slack.apiUrl).toBe('http://127.0.0.1:1234/api/');
  });

  test('names every bad variable at once, with how to fix it', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      CELIGO_REGION: 'asia',
      LINK_TTL: 'forever',
      PORT: '99999',
      CELIGO_BOT_ADMINS: 'bob',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
    });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'SLACK_BOT_TOKEN',
        'CELIGO_API_TOKEN',
        'CELIGO_REGION',
        'LINK_TTL',
        'PORT',
        'CELIGO_BOT_ADMINS',
        'DATABASE_URL',
        'LOG_LEVEL',
        'SLACK_SIGNING_SECRET',
      ]),
    );
    expect(problems.find((p) => p.startsWith('LINK_TTL'))).toMatch(/72h/);
    expect(problems.find((p) => p.startsWith('SLACK_SIGNING_SECRET'))).toMatch(/SLACK_APP_TOKEN/);
  });

  test('AUDIT_KEY takes 32+ bytes as hex or base64, and a bad one is named without its value', () => {
    expect(loadConfig(base).audit.key).toBeNull();
    const hex = 'a1'.repeat(32);
    expect(Buffer.from(loadConfig({ ...base, AUDIT_KEY: hex }).audit.key ?? []).toString('hex')).toBe(hex);
    const b64 = Buffer.alloc(48, 5).toString('base64');
    expect(loadConfig({ ...base, AUDIT_KEY: b64 }).audit.key).toHaveLength(48);
    for (const bad of ['a1'.repeat(31), Buffer.alloc(31, 1).toString('base64'), 'not a key at all!! SECRET3']) {
      const problems = problemsOf({ ...base, AUDIT_KEY: bad });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^AUDIT_KEY: must be at least 32 random bytes .*openssl rand -hex 32/);
      expect(problems.join()).not.toContain(bad);
    }
  });

  test('never prints a secret value in its message', () => {
    const env = { SLACK_BOT_TOKEN: 'not-a-bot-token-SECRET1', CELIGO_API_TOKEN: '', SLACK_APP_TOKEN: 'bad-SECRET2' };
    let message = '';
    try {
      loadConfig(env);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('SLACK_BOT_TOKEN');
    expect(message).not.toContain('SECRET1');
    expect(message).not.toContain('SECRET2');
  });
});
