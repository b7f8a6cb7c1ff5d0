import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { type AccountConfig, CELIGO_REGION_URLS, parseAccounts } from './config-accounts.js';
import { auditKeySetting } from './config-audit-key.js';
import { durationSetting, httpUrl, idList, list, optional } from './config-fields.js';
import { REMINDER_SETTINGS, type ReminderTimes, reminderTimes } from './config-reminders.js';
import type { AccessPolicy } from './domain/access.js';
import { ConfigError } from './errors.js';

/** All settings (README, Settings), grouped by concern. The only module that reads process.env. */
export interface Config {
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret: string | null;
    readonly appToken: string | null;
    readonly socketMode: boolean;
    readonly apiUrl: string;
    readonly command: string;
  };
  readonly celigo: {
    /** Every account the app serves, in CELIGO_ACCOUNTS order (one named `default` without it). */
    readonly accounts: readonly AccountConfig[];
    /** The first account's token, region and base URL (the only account without CELIGO_ACCOUNTS). */
    readonly apiToken: string;
    readonly region: 'us' | 'eu' | null;
    /** Base URL without `/v1`. */
    readonly baseUrl: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
  };
  readonly http: {
    readonly port: number;
    readonly host: string;
    readonly publicUrl: string | null;
    /** Proxies in front of the app whose X-Forwarded-For entries are trusted (for per-IP rate limits). */
    readonly trustedProxyHops: number;
  };
  readonly db: { readonly url: string; readonly kind: 'sqlite' | 'postgres'; readonly sqlitePath: string | null };
  readonly access: AccessPolicy;
  readonly redirect: { readonly allowedHosts: readonly string[] };
  readonly links: ReminderTimes & {
    readonly ttlMs: number;
    readonly pollIntervalMs: number;
    /** Shown to customers on the hosted link page ("requested by …"). */
    readonly partnerName: string | null;
  };
  /** `key` (AUDIT_KEY) makes new audit hashes HMAC-SHA-256; never logged or printed. */
  readonly audit: { readonly channelId: string | null; readonly key: Uint8Array | null };
  readonly log: { readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
}

export { type AccountConfig, CELIGO_REGION_URLS };

// Messages never include a secret's value: zod issues here are written by us and name only the rule.
const schema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'required: the bot token (xoxb-…) from your Slack app’s OAuth & Permissions page' })
    .trim()
    .min(1, 'required: the bot token (xoxb-…) from your Slack app’s OAuth & Permissions page')
    .refine((v) => v.startsWith('xoxb-'), 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z.string().optional().transform(optional),
  SLACK_APP_TOKEN: z
    .string()
    .optional()
    .transform(optional)
    .refine((v) => v === undefined || v.startsWith('xapp-'), 'must be an app-level token starting with xapp-'),
  SLACK_API_URL: z
    .string()
    .optional()
    .transform((v) => optional(v) ?? 'https://slack.com/api/')
    .refine(httpUrl, 'must be an http(s) URL such as https://slack.com/api/')
    .transform((v) => (v.endsWith('/') ? v : `${v}/`)),
  SLACK_COMMAND: z
    .string()
    .optional()
    .transform((v) => optional(v) ?? '/celigo')
    .refine(
      (v) => /^\/[a-z0-9_-]{1,31}$/.test(v),
      'must look like /celigo (a slash, then up to 31 lowercase letters, digits, - or _)',
    ),
  // Required only without CELIGO_ACCOUNTS (config-accounts.ts says so).
  CELIGO_API_TOKEN: z.string().optional().transform(optional),
  CELIGO_REGION: z
    .string()
    .optional()
    .transform((v) => (optional(v) ?? 'us').toLowerCase())
    .refine((v) => v === 'us' || v === 'eu', 'must be us or eu')
    .transform((v) => (v === 'eu' ? 'eu' : 'us')),
  CELIGO_API_URL: z
    .string()
    .optional()
    .transform(optional)
    .refine((v) => v === undefined || httpUrl(v), 'must be an http(s) URL such as https://api.integrator.io'),
  CELIGO_TIMEOUT: durationSetting('15s'),
  CELIGO_MAX_RETRIES: z
    .string()
    .optional()
    .transform((v) => Number(optional(v) ?? '3'))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 10, 'must be a whole number from 0 to 10'),
  PORT: z
    .string()
    .optional()
    .transform((v) => Number(optional(v) ?? '3000'))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'must be a port number from 0 to 65535'),
  HOST: z
    .string()
    .optional()
    .transform((v) => optional(v) ?? '0.0.0.0'),
  TRUSTED_PROXY_HOPS: z
    .string()
    .optional()
    .transform((v) => Number(optional(v) ?? '0'))
    .refine(
      (n) => Number.isInteger(n) && n >= 0 && n <= 10,
      'must be the number of proxies in front of the app, 0 to 10',
    ),
  PUBLIC_URL: z
    .string()
    .optional()
    .transform(optional)
    .refine((v) => v === undefined || httpUrl(v), 'must be the app’s public base URL, such as https://bot.example.com')
    .transform((v) => (v === undefined ? null : v.replace(/\/+$/, ''))),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => optional(v) ?? 'sqlite:./data/celigo-bot.sqlite')
    .refine(
      (v) => v.startsWith('sqlite:') || v.startsWith('postgres://') || v.startsWith('postgresql://'),
      'must be sqlite:<path> or postgres://user@host:port/database',
    ),
  CELIGO_BOT_OPERATORS: idList(
    'CELIGO_BOT_OPERATORS',
    /^[UWS][A-Z0-9]{2,}$/,
    'Slack user (U…/W…) or user-group (S…) IDs',
  ),
  CELIGO_BOT_ADMINS: idList('CELIGO_BOT_ADMINS', /^[UWS][A-Z0-9]{2,}$/, 'Slack user (U…/W…) or user-group (S…) IDs'),
  CELIGO_BOT_CHANNELS: idList('CELIGO_BOT_CHANNELS', /^[CGD][A-Z0-9]{2,}$/, 'Slack channel IDs (C…/G…)'),
  REDIRECT_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v) => list(v).map((h) => h.toLowerCase()))
    .superRefine((hosts, ctx) => {
      const bad = hosts.filter((h) => !/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h));
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `not host names: ${bad.join(', ')} (use example.com or *.example.com)`,
        });
    }),
  PARTNER_NAME: z
    .string()
    .optional()
    .transform(optional)
    .refine((v) => v === undefined || v.length <= 80, 'must be at most 80 characters'),
  LINK_TTL: durationSetting('72h'),
  POLL_INTERVAL: durationSetting('30s'),
  ...REMINDER_SETTINGS,
  AUDIT_CHANNEL_ID: z
    .string()
    .optional()
    .transform(optional)
    .refine((v) => v === undefined || /^[CG][A-Z0-9]{2,}$/.test(v), 'must be a Slack channel ID (C…)'),
  AUDIT_KEY: auditKeySetting,
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => (optional(v) ?? 'info').toLowerCase())
    .pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be one of fatal, error, warn, info, debug, trace, silent',
      }),
    ),
});

/**
 * Validates every setting and returns a frozen Config, or throws one ConfigError that names every bad
 * variable and how to fix it. Tests pass an env object; nothing else reads process.env.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // With CELIGO_ACCOUNTS set, CELIGO_API_TOKEN, CELIGO_REGION and CELIGO_API_URL are not read.
  const multi = optional(env['CELIGO_ACCOUNTS']) !== undefined;
  const unread = { CELIGO_API_TOKEN: undefined, CELIGO_REGION: undefined, CELIGO_API_URL: undefined };
  const parsed = schema.safeParse(multi ? { ...env, ...unread } : env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'settings');
      problems.push(`${name}: ${issue.message}`);
    }
  }
  const e = parsed.success ? parsed.data : undefined;
  const socketMode = optional(env['SLACK_APP_TOKEN']) !== undefined;
  if (!socketMode && !optional(env['SLACK_SIGNING_SECRET'])) {
    problems.push(
      'SLACK_SIGNING_SECRET: required in HTTP mode (Basic Information → Signing Secret); or set SLACK_APP_TOKEN to use Socket Mode',
    );
  }
  const { accounts, problems: accountProblems } = parseAccounts(env, {
    token: multi ? undefined : optional(env['CELIGO_API_TOKEN']),
    region: e?.CELIGO_REGION ?? 'us',
    apiUrl: multi ? undefined : e?.CELIGO_API_URL,
  });
  problems.push(...accountProblems);
  const first = accounts[0];
  if (problems.length || !e || !first) throw new ConfigError([...new Set(problems)]);

  const dbUrl = e.DATABASE_URL;
  const kind = dbUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres';
  const sqliteTarget = kind === 'sqlite' ? dbUrl.slice('sqlite:'.length) : null;
  const sqlitePath =
    sqliteTarget === null
      ? null
      : sqliteTarget === ':memory:'
        ? ':memory:'
        : path.resolve(sqliteTarget || './data/celigo-bot.sqlite');

  return Object.freeze({
    slack: Object.freeze({
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET ?? null,
      appToken: e.SLACK_APP_TOKEN ?? null,
      socketMode,
      apiUrl: e.SLACK_API_URL,
      command: e.SLACK_COMMAND,
    }),
    celigo: Object.freeze({
      accounts: Object.freeze(accounts),
      apiToken: first.apiToken,
      region: multi ? first.region : e.CELIGO_REGION,
      baseUrl: first.baseUrl,
      timeoutMs: e.CELIGO_TIMEOUT,
      maxRetries: e.CELIGO_MAX_RETRIES,
    }),
    http: Object.freeze({
      port: e.PORT,
      host: e.HOST,
      publicUrl: e.PUBLIC_URL,
      trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    }),
    db: Object.freeze({ url: dbUrl, kind, sqlitePath }),
    access: Object.freeze({
      operators: Object.freeze(e.CELIGO_BOT_OPERATORS),
      admins: Object.freeze(e.CELIGO_BOT_ADMINS),
      channels: Object.freeze(e.CELIGO_BOT_CHANNELS),
    }),
    redirect: Object.freeze({ allowedHosts: Object.freeze(e.REDIRECT_ALLOWED_HOSTS) }),
    links: Object.freeze({
      ttlMs: e.LINK_TTL,
      pollIntervalMs: e.POLL_INTERVAL,
      partnerName: e.PARTNER_NAME ?? null,
      ...reminderTimes(e),
    }),
    audit: Object.freeze({ channelId: e.AUDIT_CHANNEL_ID ?? null, key: e.AUDIT_KEY ?? null }),
    log: Object.freeze({ level: e.LOG_LEVEL }),
  });
}

/** Reads `.env` in development without overriding variables already set. */
export function loadDotEnv(file = '.env'): boolean {
  if (!existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}
