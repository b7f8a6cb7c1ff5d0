import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStorage } from '../../../src/adapters/storage/index.js';
import { AUDIT_COLUMNS } from '../../../src/cli/audit-commands.js';
import { runCli } from '../../../src/cli/main.js';
import { type AuditEntry, type AuditInput, GENESIS_HASH, hashAudit } from '../../../src/domain/audit.js';
import { createLogger } from '../../../src/logger.js';
import { captureIo } from './cli-io.js';

const CONN_A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const CONN_B = 'bbbbbbbbbbbbbbbbbbbbbbbb';
const HOUR = 3_600_000;

let dir: string;
let file: string;
let env: NodeJS.ProcessEnv;

const base: AuditInput = {
  teamId: 'T1',
  userId: 'U1',
  channelId: 'C1',
  action: 'link.generate',
  connectionId: CONN_A,
  before: null,
  after: null,
  result: 'ok',
  detail: null,
  requestId: 'req-1',
};

/** Four entries: two about connection A, one by the app itself, one typed by a user with a formula and a comma. */
async function seed(): Promise<void> {
  const storage = await openStorage(
    { url: `sqlite:${file}`, kind: 'sqlite', sqlitePath: file },
    createLogger({ level: 'silent' }),
  );
  const now = Date.now();
  await storage.audit.append({ ...base, detail: 'customer Acme' }, new Date(now - 5 * 24 * HOUR));
  await storage.audit.append(
    {
      ...base,
      userId: 'U2',
      action: 'redirect.set',
      connectionId: CONN_B,
      before: 'https://old.example.com/',
      after: 'https://new.example.com/',
      detail: '=HYPERLINK("http://evil.example"), "quoted"',
      requestId: 'req-2',
    },
    new Date(now - 2 * HOUR),
  );
  await storage.audit.append(
    { ...base, userId: null, action: 'link.completed', detail: 'line one\nline two', requestId: null },
    new Date(now - HOUR),
  );
  await storage.audit.append(
    {
      ...base,
      action: 'access.denied',
      connectionId: null,
      result: 'refused',
      detail: '@everyone',
      requestId: 'req-4',
    },
    new Date(now - 10 * 60_000),
  );
  await storage.close();
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-audit-'));
  file = path.join(dir, 'audit.sqlite');
  // Only the database is set: the audit commands must not need Slack or Celigo settings.
  env = { DATABASE_URL: `sqlite:${file}` };
  await seed();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('celigo-bot audit export', () => {
  it('prints every entry as JSON Lines, oldest first, with the stable column order', async () => {
    const io = captureIo(env);
    expect(await runCli(['audit', 'export'], io)).toBe(0);
    const rows = jsonLines(io.out());
    expect(rows.map((r) => r['seq'])).toEqual([1, 2, 3, 4]);
    expect(Object.keys(rows[0] ?? {})).toEqual([...AUDIT_COLUMNS]);
    expect(rows[1]).toMatchObject({ action: 'redirect.set', userId: 'U2', connectionId: CONN_B, result: 'ok' });
    expect(rows[2]?.['userId']).toBeNull();
    expect(io.err()).toBe('');
  });

  it('filters by connection, by user and by a --since duration', async () => {
    const byConnection = captureIo(env);
    expect(await runCli(['audit', 'export', '--connection', CONN_A], byConnection)).toBe(0);
    expect(jsonLines(byConnection.out()).map((r) => r['seq'])).toEqual([1, 3]);

    const byUserSince = captureIo(env);
    expect(await runCli(['audit', 'export', '--user', 'U1', '--since', '1d'], byUserSince)).toBe(0);
    expect(jsonLines(byUserSince.out()).map((r) => r['seq'])).toEqual([4]);

    const recent = captureIo(env);
    expect(await runCli(['audit', 'export', '--since', '90m'], recent)).toBe(0);
    expect(jsonLines(recent.out()).map((r) => r['seq'])).toEqual([3, 4]);
  });

  it('writes CSV with a header row, RFC 4180 quoting and spreadsheet formulas defused', async () => {
    const io = captureIo(env);
    expect(await runCli(['audit', 'export', '--format', 'csv'], io)).toBe(0);
    const text = io.out();
    expect(text.startsWith(`${AUDIT_COLUMNS.join(',')}\r\n`)).toBe(true);
    // The user-typed detail starts with `=`: prefixed with ' and quoted (it holds a comma and quotes).
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example""), ""quoted""",`);
    // A line break inside a value stays inside one quoted field.
    expect(text).toContain(',"line one\nline two",');
    expect(text).toContain(",'@everyone,");
    // Header + four records, each ending in CRLF.
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(5);
  });

  it('works when Slack and Celigo settings are missing or malformed', async () => {
    const io = captureIo({ ...env, SLACK_BOT_TOKEN: 'not-a-bot-token', CELIGO_REGION: 'mars' });
    expect(await runCli(['audit', 'export', '--format', 'jsonl'], io)).toBe(0);
    expect(jsonLines(io.out())).toHaveLength(4);
  });

  it('refuses a bad DATABASE_URL with a message naming the variable, and exits 1', async () => {
    const io = captureIo({ DATABASE_URL: 'mysql://db.example.com/audit' });
    expect(await runCli(['audit', 'export'], io)).toBe(1);
    expect(io.err()).toContain('DATABASE_URL');
    expect(io.err()).not.toContain('db.example.com');
    expect(io.out()).toBe('');
  });

  it('answers a wrong format, a bad --since or an unknown flag with usage and exit 2', async () => {
    for (const args of [
      ['audit', 'export', '--format', 'xml'],
      ['audit', 'export', '--since', 'last week'],
      ['audit', 'export', '--colour'],
      ['audit', 'export', '--connection'],
    ]) {
      const io = captureIo(env);
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.err()).toContain('Usage: celigo-bot');
      expect(io.out()).toBe('');
    }
  });
});

describe('celigo-bot audit verify', () => {
  it('reports an intact chain and exits 0', async () => {
    const io = captureIo(env);
    expect(await runCli(['audit', 'verify'], io)).toBe(0);
    expect(io.out()).toBe('OK: 4 entries, chain intact\n');
  });

  it('names the edited entry when a row is changed with SQL, and exits 1', async () => {
    const db = new SqliteDatabase(file);
    db.prepare("update audit_log set detail = 'nothing to see' where seq = 2").run();
    db.close();
    const io = captureIo(env);
    expect(await runCli(['audit', 'verify'], io)).toBe(1);
    expect(io.out()).toMatch(/^BROKEN at entry #2: /);
  });

  it('names the first entry after a deleted one, and exits 1', async () => {
    const db = new SqliteDatabase(file);
    db.prepare('delete from audit_log where seq = 3').run();
    db.close();
    const io = captureIo(env);
    expect(await runCli(['audit', 'verify'], io)).toBe(1);
    expect(io.out()).toMatch(/^BROKEN at entry #4: /);
  });

  it('reports an empty log as intact', async () => {
    const emptyFile = path.join(dir, 'empty.sqlite');
    const io = captureIo({ DATABASE_URL: `sqlite:${emptyFile}` });
    expect(await runCli(['audit', 'verify'], io)).toBe(0);
    expect(io.out()).toBe('OK: 0 entries, chain intact\n');
  });

  it('takes no extra arguments', async () => {
    const io = captureIo(env);
    expect(await runCli(['audit', 'verify', 'now'], io)).toBe(2);
    expect(io.err()).toContain('takes no arguments');
  });
});

describe('celigo-bot audit verify with AUDIT_KEY', () => {
  const KEY_HEX = 'ab'.repeat(32);
  const key = Buffer.from(KEY_HEX, 'hex');
  let keyedEnv: NodeJS.ProcessEnv;

  /** The four unkeyed entries of `seed` (before the key was set), then three written with AUDIT_KEY. */
  beforeEach(async () => {
    keyedEnv = { ...env, AUDIT_KEY: KEY_HEX };
    const storage = await openStorage(
      { url: `sqlite:${file}`, kind: 'sqlite', sqlitePath: file },
      createLogger({ level: 'silent' }),
    );
    for (let i = 0; i < 3; i++) {
      await storage.audit.append({ ...base, detail: `keyed ${i}`, requestId: `k${i}` }, new Date(), key);
    }
    await storage.close();
  });

  type Row = Record<string, string | number | null>;

  /**
   * What someone who can write the database but does not know AUDIT_KEY can do: delete entry `removed`,
   * renumber and re-chain every later entry (from `from`) with plain SHA-256, and move the head.
   */
  function deleteAndRechain(removed: number, from: number, label: 'sha256' | 'hmac-sha256'): void {
    const db = new SqliteDatabase(file);
    db.prepare('delete from audit_log where seq = ?').run(removed);
    const rows = db.prepare('select * from audit_log order by seq').all() as Row[];
    let prevHash = GENESIS_HASH;
    rows.forEach((r, i) => {
      const seq = i + 1;
      if (seq < from) {
        prevHash = r['hash'] as string;
        return;
      }
      const e = {
        seq,
        at: r['at'] as string,
        teamId: r['team_id'] as string | null,
        userId: r['user_id'] as string | null,
        channelId: r['channel_id'] as string | null,
        action: r['action'] as AuditEntry['action'],
        connectionId: r['connection_id'] as string | null,
        before: r['before_value'] as string | null,
        after: r['after_value'] as string | null,
        result: r['result'] as AuditEntry['result'],
        detail: r['detail'] as string | null,
        requestId: r['request_id'] as string | null,
        prevHash,
      };
      const hash = hashAudit(e);
      db.prepare('update audit_log set seq = ?, prev_hash = ?, hash = ?, hash_scheme = ? where seq = ?').run(
        seq,
        prevHash,
        hash,
        label,
        r['seq'],
      );
      prevHash = hash;
    });
    db.prepare('update audit_head set seq = ?, hash = ? where id = 1').run(rows.length, prevHash);
    db.close();
  }

  it('passes an untampered log that started unkeyed and later got the key', async () => {
    const io = captureIo(keyedEnv);
    expect(await runCli(['audit', 'verify'], io)).toBe(0);
    expect(io.out()).toBe('OK: 7 entries (3 keyed with AUDIT_KEY), chain intact\n');
  });

  it('without AUDIT_KEY says the keyed entries need it, and exits 2', async () => {
    const io = captureIo(env);
    expect(await runCli(['audit', 'verify'], io)).toBe(2);
    expect(io.out()).toMatch(/^CANNOT VERIFY from entry #5: .*set AUDIT_KEY/);
  });

  it('with the wrong key fails at the first keyed entry, and exits 1', async () => {
    const io = captureIo({ ...env, AUDIT_KEY: 'cd'.repeat(32) });
    expect(await runCli(['audit', 'verify'], io)).toBe(1);
    expect(io.out()).toMatch(/^BROKEN at entry #5: its HMAC does not match/);
  });

  it('a deleted entry with the tail re-chained in plain SHA-256 fails, naming the entry', async () => {
    // Before the tampering the same log passes (see above); unkeyed, it would pass again.
    deleteAndRechain(6, 6, 'sha256');
    const io = captureIo(keyedEnv);
    expect(await runCli(['audit', 'verify'], io)).toBe(1);
    expect(io.out()).toMatch(/^BROKEN at entry #6: the entry was hashed without the key/);
  });

  it('a re-chained entry still labelled keyed fails its HMAC', async () => {
    deleteAndRechain(6, 6, 'hmac-sha256');
    const io = captureIo(keyedEnv);
    expect(await runCli(['audit', 'verify'], io)).toBe(1);
    expect(io.out()).toMatch(/^BROKEN at entry #6: its HMAC does not match/);
  });

  it('a whole log rewritten without the key fails at its newest entry', async () => {
    deleteAndRechain(6, 1, 'sha256');
    const io = captureIo(keyedEnv);
    expect(await runCli(['audit', 'verify'], io)).toBe(1);
    expect(io.out()).toMatch(/^BROKEN at entry #6: the newest entry is not keyed though AUDIT_KEY is set/);
  });

  it('a malformed AUDIT_KEY is named without echoing it, and exits 1', async () => {
    const io = captureIo({ ...env, AUDIT_KEY: 'short-secret-value' });
    expect(await runCli(['audit', 'verify'], io)).toBe(1);
    expect(io.err()).toContain('AUDIT_KEY');
    expect(io.err()).not.toContain('short-secret-value');
    expect(io.out()).toBe('');
  });
});

describe('celigo-bot audit verify --anchor', () => {
  const headHash = () => {
    const db = new SqliteDatabase(file);
    const row = db.prepare('select hash from audit_head where id = 1').get() as { hash: string };
    db.close();
    return row.hash;
  };

  it('finds an anchored head hash in an untampered log, and exits 0', async () => {
    const anchor = headHash();
    const io = captureIo(env);
    expect(await runCli(['audit', 'verify', '--anchor', anchor.toUpperCase()], io)).toBe(0);
    expect(io.out()).toBe(`OK: 4 entries, chain intact; anchor ${anchor} is entry #4\n`);
  });

  it('catches an unkeyed log deleted and re-chained after the anchor was posted, naming the anchor', async () => {
    const anchor = headHash();
    const db = new SqliteDatabase(file);
    db.prepare('delete from audit_log where seq = 4').run();
    const third = db.prepare('select seq, hash from audit_log where seq = 3').get() as { seq: number; hash: string };
    db.prepare('update audit_head set seq = ?, hash = ? where id = 1').run(third.seq, third.hash);
    db.close();
    // Without the anchor the shortened (re-headed) chain looks intact…
    const plain = captureIo(env);
    expect(await runCli(['audit', 'verify'], plain)).toBe(0);
    // …the anchor posted outside the database says otherwise.
    const io = captureIo(env);
    expect(await runCli(['audit', 'verify', '--anchor', anchor], io)).toBe(1);
    expect(io.out()).toMatch(
      new RegExp(`^ANCHOR NOT FOUND: ${anchor} is not in the log \\(3 entries, chain intact\\)`),
    );
  });

  it('answers an anchor that is not a hash with usage and exit 2', async () => {
    const io = captureIo(env);
    expect(await runCli(['audit', 'verify', '--anchor', 'abc'], io)).toBe(2);
    expect(io.err()).toContain('--anchor takes a head hash');
  });
});
