/** `npm run sandbox` end to end: the scripted demo runs against the fakes and prints the expected thread. */
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runSandbox, type SandboxResult } from '../../../sandbox/demo.js';

let printed = '';
let result: SandboxResult;
let elapsedMs = 0;

beforeAll(async () => {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const started = Date.now();
  result = await runSandbox({ out, pace: 0 });
  elapsedMs = Date.now() - started;
  printed = chunks.join('');
}, 20_000);

/** The printed thread: from its heading to the audit export. */
const threadSection = () => {
  const start = printed.indexOf('The thread in #customers');
  const end = printed.indexOf('$ celigo-bot audit export');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return printed.slice(start, end);
};

/** Asserts each pattern occurs after the previous one. */
function expectInOrder(text: string, patterns: readonly string[]): void {
  let from = 0;
  for (const p of patterns) {
    const at = text.indexOf(p, from);
    expect(at, `"${p}" after position ${from}`).toBeGreaterThanOrEqual(from);
    from = at + p.length;
  }
}

describe('the sandbox demo', () => {
  it('finishes well within 15 seconds and prints the thread as it reads in Slack, in order', () => {
    expect(elapsedMs).toBeLessThan(15_000);
    expectInOrder(threadSection(), [
      'Acme Shopify',
      'State: 🟢 online',
      'Landing page: https://acme.example.com/thanks',
      '4 replies',
      'Landing page changed by @UADMIN: not set → https://acme.example.com/thanks',
      '@UOPERATOR created an authorization link for Acme Corp',
      'Send this link to the customer:',
      'Acme Corp opened the authorization link',
      'Acme Corp authorized Acme Shopify. @UOPERATOR, it is online now.',
    ]);
  });

  it('returns the same thread: the card at its latest version, then each reply', () => {
    const [card, ...replies] = result.thread;
    expect(card?.kind).toBe('card');
    expect(card?.edits).toBeGreaterThan(0);
    expect(card?.lines).toEqual(expect.arrayContaining(['State: 🟢 online', 'Pending link: none']));
    expect(replies.map((r) => r.lines[0])).toEqual([
      expect.stringContaining('Landing page changed by @UADMIN'),
      expect.stringContaining('is no longer usable: the customer authorized the connection'),
      expect.stringContaining('opened the authorization link'),
      expect.stringContaining('authorized Acme Shopify. @UOPERATOR'),
    ]);
    // The used link's message was edited; its first version is kept for the record.
    expect(replies[1]?.original?.lines[0]).toContain('created an authorization link for Acme Corp');
  });

  it('narrates each step, including the relay forwarding to the landing page and the status answer', () => {
    expectInOrder(printed, [
      '/celigo redirect ',
      'clicks [ Confirm ]',
      'Landing page set',
      '/celigo link ',
      'GET /l/‹token› → 200 "Authorize Acme Shopify"',
      'POST /l/‹token›/continue → 303',
      'clicks Allow → 302',
      '303 to https://acme.example.com/thanks',
      'The thread hears of it',
      '/celigo status ',
      'State: 🟢 online',
    ]);
    expect(result.timings.completionMs).toBeLessThan(2_000);
  });

  it('prints the audit log and says the chain is intact', () => {
    expectInOrder(printed, [
      '$ celigo-bot audit export',
      'redirect.preview',
      'redirect.set',
      'link.generate',
      'link.completed',
      'connection.status',
      '$ celigo-bot audit verify',
    ]);
    expect(printed).toMatch(/OK: \d+ entries, chain intact/);
  });

  it('prints no token, secret or provider authorization URL, and the hosted link only where the thread shows it', () => {
    expect(result.secrets.length).toBeGreaterThanOrEqual(7);
    for (const secret of result.secrets) expect(printed).not.toContain(secret);
    expect(printed).not.toContain('/provider/authorize');
    expect(printed).not.toContain('state=');
    expect(printed).not.toContain('\u001b['); // not a terminal: no ANSI styling

    const token = new URL(result.hostedLink).pathname.split('/')[2] ?? '';
    expect(token.length).toBeGreaterThan(20);
    const lines = printed.split('\n');
    const withToken = lines.flatMap((l, i) => (l.includes(token) ? [i] : []));
    expect(withToken).toHaveLength(1);
    const at = withToken[0] ?? 0;
    expect(lines[at - 1]).toContain('Send this link to the customer:');
    expect(threadSection()).toContain(token);
  });

  it('the app logged none of those secrets or the hosted link token either', () => {
    const token = new URL(result.hostedLink).pathname.split('/')[2] ?? '';
    const logs = result.appLogs.join('\n');
    expect(result.appLogs.length).toBeGreaterThan(5);
    for (const secret of [...result.secrets, token, '/provider/authorize']) expect(logs).not.toContain(secret);
  });
});
