/**
 * `celigo-bot probe` against the fake integrator.io in each of its variants: the table names each finding,
 * the exit code follows it, the findings are stored, and the connection is left as it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src/adapters/storage/index.js';
import { runCli } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { type FakeCeligo, type FakeCeligoOptions, startFakeCeligo } from '../../support/fake-celigo.js';
import { captureIo } from './cli-io.js';

const LANDING = 'https://partner.example/thanks';
let celigo: FakeCeligo;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'probe-'));
});
afterEach(async () => {
  await celigo?.close();
  rmSync(dir, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
  return {
    SLACK_BOT_TOKEN: 'xoxb-probe-bot-token-0123456789',
    SLACK_APP_TOKEN: 'xapp-probe-app-token-0123456789',
    CELIGO_API_TOKEN: celigo.token,
    CELIGO_API_URL: celigo.baseUrl,
    DATABASE_URL: `sqlite:${path.join(dir, 'probe.sqlite')}`,
  };
}

async function probe(options: FakeCeligoOptions, extra: string[] = []) {
  celigo = await startFakeCeligo(options);
  const conn = celigo.addConnection({
    name: 'Sandbox Salesforce',
    http: { auth: { oauth: { oauth2RedirectUrl: LANDING } } },
  });
  const before = celigo.doc(conn._id);
  const io = captureIo(env());
  const code = await runCli(['probe', conn._id, ...extra], io);
  const out = io.out();
  expect(out + io.err()).not.toContain(celigo.token);
  expect(out + io.err()).not.toContain('/provider/authorize');
  // Everything the probe touched is back: the landing page and the stored secret.
  expect(celigo.doc(conn._id).http).toEqual(before.http);
  return { code, out, row: (check: string) => out.split('\n').find((l) => l.startsWith(check)) ?? '' };
}

async function stored(): Promise<Map<string, string>> {
  const config = loadConfig(env());
  const storage = await openStorage(config.db, createLogger({ level: 'silent' }));
  try {
    return new Map([...(await storage.findings.get('default')).values()].map((f) => [f.name, f.value]));
  } finally {
    await storage.close();
  }
}

describe('celigo-bot probe <connection>', () => {
  it('against a Celigo that matches the defaults: a table of findings, exit 0, findings stored', async () => {
    const { code, out, row } = await probe({});
    expect(code).toBe(0);
    expect(row('authorization URL key')).toContain('authorizationURL');
    expect(row('GET masks secrets')).toContain('yes');
    expect(row('ping method')).toContain('POST only');
    expect(row('connection list paging')).toContain('one page');
    expect(row('PATCH of oauth2RedirectUrl')).toContain('accepted');
    expect(row('oauth2RedirectUrl reading')).toContain('landing page');
    expect(out).toContain('nothing to change');
    expect(await stored()).toEqual(
      new Map([
        ['authorization_url_key', 'authorizationURL'],
        ['get_masks_secrets', 'masked'],
        ['ping_method', 'POST'],
        ['list_paging', 'single_page'],
        ['patch_redirect_url', 'accepted'],
        ['redirect_url_meaning', 'landing_page'],
      ]),
    );
  });

  it('PATCH refused (with masked secrets): exit 1 naming landing-page changes on authorized connections', async () => {
    const { code, out, row } = await probe({ patch: 'refused' });
    expect(code).toBe(1);
    expect(row('PATCH of oauth2RedirectUrl')).toContain('refused (HTTP 422)');
    expect(out).toContain('landing-page changes on authorized connections: off');
    // A whole-document PUT would send the masked secret back, so the reading cannot be tried here.
    expect(row('oauth2RedirectUrl reading')).toContain('not settled');
    expect((await stored()).get('patch_redirect_url')).toBe('refused');
  });

  it('the authorizationUrl spelling is named; the app reads both, so exit 0', async () => {
    const { code, row } = await probe({ authorizationUrlKey: 'authorizationUrl' });
    expect(code).toBe(0);
    expect(row('authorization URL key')).toMatch(/authorizationUrl$/);
    expect((await stored()).get('authorization_url_key')).toBe('authorizationUrl');
  });

  it('ping answering GET only is named; the app falls back to GET, so exit 0', async () => {
    const { code, row } = await probe({ pingMethod: 'GET' });
    expect(code).toBe(0);
    expect(row('ping method')).toContain('GET only');
  });

  it('list paging by Link header is named with its page size', async () => {
    celigo = await startFakeCeligo({ pageSize: 1 });
    celigo.addConnection({ name: 'Other' });
    const conn = celigo.addConnection({ name: 'Sandbox Salesforce' });
    const io = captureIo(env());
    expect(await runCli(['probe', 'Sandbox Salesforce'], io)).toBe(0);
    expect(io.out()).toContain(conn._id);
    expect(io.out()).toMatch(/connection list paging\s+Q-list-paging\s+Link header, 1 per page/);
  });

  it('the dangerous reading: exit 1 naming relay and landing pages, the field restored, --json for machines', async () => {
    const { code, out } = await probe({ redirectReading: 'provider_callback' }, ['--json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as {
      ok: boolean;
      checks: Array<{ settles: string; found: string; change?: string }>;
    };
    expect(report.ok).toBe(false);
    const reading = report.checks.find((c) => c.settles === 'Q-redirect-url-meaning');
    expect(reading?.found).toContain('provider callback');
    expect(reading?.change).toContain('return relay and landing pages: off');
    expect((await stored()).get('redirect_url_meaning')).toBe('provider_callback');

    // doctor names it (Slack is pointed at a closed port: only the local lines matter here).
    const io = captureIo({ ...env(), SLACK_API_URL: 'http://127.0.0.1:1/api/' });
    await runCli(['doctor'], io);
    expect(io.out()).toContain('oauth2RedirectUrl is the provider callback on this account (probe)');
  });

  it('with several accounts, <account>/<id> probes that account and keeps its findings under it', async () => {
    celigo = await startFakeCeligo({ redirectReading: 'provider_callback' });
    const conn = celigo.addConnection({
      name: 'EU sandbox',
      http: { auth: { oauth: { oauth2RedirectUrl: LANDING } } },
    });
    const other = await startFakeCeligo({});
    try {
      const accountsEnv = {
        ...env(),
        CELIGO_API_TOKEN: undefined,
        CELIGO_API_URL: undefined,
        CELIGO_ACCOUNTS: `prod=${other.baseUrl},eu-sandbox=${celigo.baseUrl}`,
        CELIGO_API_TOKEN_PROD: other.token,
        CELIGO_API_TOKEN_EU_SANDBOX: celigo.token,
      };
      const io = captureIo(accountsEnv);
      expect(await runCli(['probe', `eu-sandbox/${conn._id}`], io)).toBe(1);
      expect(other.requests.length).toBe(0);
      const storage = await openStorage(loadConfig(accountsEnv).db, createLogger({ level: 'silent' }));
      try {
        expect((await storage.findings.get('eu-sandbox')).get('redirect_url_meaning')?.value).toBe('provider_callback');
        expect((await storage.findings.get('prod')).size).toBe(0);
      } finally {
        await storage.close();
      }
      const doctor = captureIo({ ...accountsEnv, SLACK_API_URL: 'http://127.0.0.1:1/api/' });
      await runCli(['doctor'], doctor);
      expect(doctor.out()).toContain('Celigo behaviour (eu-sandbox): oauth2RedirectUrl is the provider callback');
      expect(doctor.out()).toContain('Celigo behaviour (prod): not probed yet');
    } finally {
      await other.close();
    }
  });

  it('without a connection it is a usage error (exit 2)', async () => {
    celigo = await startFakeCeligo({});
    const io = captureIo(env());
    expect(await runCli(['probe'], io)).toBe(2);
    expect(io.err()).toContain('needs one connection');
  });
});
