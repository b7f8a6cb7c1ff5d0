/**
 * `npm run sandbox`: the real app (src/app.ts) against the bundled fake Slack and fake integrator.io, all on
 * 127.0.0.1, playing a short scripted story — landing page, customer link, the customer authorizing, the
 * thread told, `status` — then printing the thread as it reads in Slack and the audit log. Nothing leaves
 * the machine: the customer's browser is played with fetch and stops at the relay's redirect to the
 * landing page (acme.example.com is never contacted).
 */
import type { Writable } from 'node:stream';
import { ACTIONS } from '../src/blocks/ids.js';
import { verifyAudit } from '../src/cli/audit-commands.js';
import type { AuditEntry } from '../src/domain/audit.js';
import { buttonClick, buttonValue, USER } from '../test/integration/slack/slack-support.js';
import { startTestApp, TEST_BOT_TOKEN, TEST_SIGNING_SECRET, type TestApp } from '../test/support/app-harness.js';
import type { SlackCall } from '../test/support/fake-slack.js';
import { waitFor } from '../test/support/slack-requests.js';
import { paint } from './mrkdwn.js';
import { blocksToLines } from './render-blocks.js';
import { type RenderedMessage, recordThreads, type ThreadRecorder } from './thread.js';

export interface SandboxOptions {
  readonly out: Writable;
  /** Milliseconds between steps, so a person can follow along; 0 in tests. */
  readonly pace?: number;
  /** ANSI styling; defaults to whether `out` is a terminal. */
  readonly color?: boolean;
}

export interface SandboxResult {
  /** The thread as it reads at the end: the card (latest version), then each reply in order. */
  readonly thread: RenderedMessage[];
  readonly channel: string;
  readonly connectionName: string;
  /** The hosted customer link, as posted in the thread. */
  readonly hostedLink: string;
  /** Values that must never be printed: tokens, secrets, the provider's authorization URL and its state. */
  readonly secrets: readonly string[];
  /** Every line the app logged (pino JSON), for checks; never printed. */
  readonly appLogs: readonly string[];
  readonly timings: { readonly startMs: number; readonly totalMs: number; readonly completionMs: number };
}

export const ADMIN = 'UADMIN';
export const OPERATOR = 'UOPERATOR';
export const CHANNEL = 'C1';
export const CONNECTION_NAME = 'Acme Shopify';
export const CUSTOMER = 'Acme Corp';
export const LANDING_PAGE = 'https://acme.example.com/thanks';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HOSTED_LINK = /https?:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9_-]{20,100}/;

export async function runSandbox(opts: SandboxOptions): Promise<SandboxResult> {
  const { out } = opts;
  const pace = opts.pace ?? 0;
  const color = opts.color ?? (out as Writable & { isTTY?: boolean }).isTTY === true;
  const say = (line = '') => out.write(`${line}\n`);
  const bold = (s: string) => paint(color, 'bold', s);
  const dim = (s: string) => paint(color, 'dim', s);
  const step = (n: string, line: string) => say(`${bold(n.padEnd(2))} ${line}`);

  const started = Date.now();
  const t = await startTestApp({
    publicUrl: true,
    env: { CELIGO_BOT_ADMINS: ADMIN, CELIGO_BOT_OPERATORS: OPERATOR },
  });
  try {
    const recorder = recordThreads(t.slack);
    const startMs = Date.now() - started;
    const conn = t.celigo.addConnection({ name: CONNECTION_NAME });
    const id = conn._id;
    const ephemeral = ephemeralReader(t);
    const newReplies = replyReader(recorder);

    say(bold('celigo-oauth-bot sandbox'));
    say(dim('The real app, wired to a fake Slack and a fake Celigo integrator.io, all on 127.0.0.1.'));
    say(dim(`app ${t.baseUrl} (PUBLIC_URL) · fake Slack ${t.slack.baseUrl} · fake Celigo ${t.celigo.baseUrl}`));
    say(dim(`admin @${ADMIN}, operator @${OPERATOR} · channel #customers (${CHANNEL}) · started in ${startMs} ms`));
    say();
    step('0', `Celigo holds an OAuth 2.0 connection "${CONNECTION_NAME}" (${id}), offline: nobody has authorized it.`);
    await sleep(pace);

    // 1. The admin chooses where customers land after authorizing: preview, then Confirm.
    step('1', `@${ADMIN} types  /celigo redirect ${id} ${LANDING_PAGE}`);
    await t.command(`redirect ${id} ${LANDING_PAGE}`, { userId: ADMIN });
    const preview = await ephemeral.next();
    showEphemeral(preview, ADMIN);
    const changeId = buttonValue(preview, ACTIONS.redirectConfirm);
    if (!changeId) throw new Error('The redirect preview offered no Confirm button.');
    await sleep(pace);
    step('', `@${ADMIN} clicks [ Confirm ]`);
    await t.interact(
      buttonClick({
        actionId: ACTIONS.redirectConfirm,
        value: changeId,
        responseUrl: `${t.slack.baseUrl}/response/confirm`,
        user: { ...USER, id: ADMIN, name: 'admin', username: 'admin' },
      }),
    );
    showEphemeral(await waitFor(() => t.slack.callsOf('/response/confirm')[0]), ADMIN);
    await waitFor(() => recorder.posted.some((p) => p.params['thread_ts']));
    showReplies(await settle(t, newReplies));
    await sleep(pace);

    // 2. An operator creates the customer's link; it lands in the connection's thread.
    step('2', `@${OPERATOR} types  /celigo link ${id} "${CUSTOMER}"`);
    await t.command(`link ${id} "${CUSTOMER}"`, { userId: OPERATOR });
    showEphemeral(await ephemeral.next(), OPERATOR);
    const hostedLink = await waitFor(() => {
      const m = recorder.posted.map((p) => HOSTED_LINK.exec(JSON.stringify(p.params))?.[0]).find(Boolean);
      return m;
    });
    showReplies(await settle(t, newReplies));
    await sleep(pace);

    // 3. The customer's browser, played with fetch: page, Continue, consent, relay.
    const path = new URL(hostedLink).pathname;
    const shownPath = '/l/‹token›';
    const page = await fetch(hostedLink, { redirect: 'manual' });
    step(
      '3',
      `The customer opens the link from the thread: GET ${shownPath} → ${page.status} ${pageSummary(await page.text())}`,
    );
    await sleep(pace);
    const cont = await fetch(`${t.baseUrl}${path}/continue`, { method: 'POST', redirect: 'manual' });
    const consentUrl = cont.headers.get('location') ?? '';
    step(
      '',
      `presses [ Continue ]: POST ${shownPath}/continue → ${cont.status}, to a fresh Celigo authorization URL (not shown)`,
    );
    showReplies(await settle(t, newReplies));
    const consent = await fetch(consentUrl, { redirect: 'manual' });
    const consentHtml = await consent.text();
    const heading = htmlText(/<h1>([\s\S]*?)<\/h1>/.exec(consentHtml)?.[1] ?? '');
    const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(consentHtml)?.[1] ?? '';
    const state = field('state');
    await sleep(pace);
    const decision = await fetch(new URL('/provider/decision', consentUrl), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ connection: field('connection'), state, decision: 'allow' }).toString(),
    });
    const relayUrl = decision.headers.get('location') ?? '';
    step(
      '',
      `the provider asks "${heading}" [ Allow ] [ Deny ]; clicks Allow → ${decision.status} to ${relayUrl.replace(/\?.*$/, '')}`,
    );
    await sleep(pace);
    const returned = Date.now();
    const relay = await fetch(relayUrl, { redirect: 'manual' });
    const forwardedTo = relay.headers.get('location');
    step(
      '',
      `GET /relay/${id}: the app asks Celigo, which says online → ${relay.status} to ${forwardedTo ?? '(no redirect)'} (the landing page; not fetched)`,
    );
    await sleep(pace);

    // 4. The thread is told (and the card and the used link's message are edited).
    const completion = await waitFor(
      () => recorder.posted.find((p) => p.params['thread_ts'] && /authorized/.test(JSON.stringify(p.params))),
      5_000,
    );
    const completionMs = completion.at - returned;
    await waitFor(() => t.slack.callsOf('chat.update').some((c) => /no longer usable/.test(JSON.stringify(c.params))));
    await waitFor(() =>
      t.slack.callsOf('chat.update').some((c) => /:large_green_circle: online/.test(JSON.stringify(c.params))),
    );
    step('4', `The thread hears of it ${completionMs} ms after the customer returned:`);
    showReplies(await settle(t, newReplies));
    await sleep(pace);

    // 5. Anyone with the operator role can ask for the connection's status.
    step('5', `@${OPERATOR} types  /celigo status ${id}`);
    await t.command(`status ${id}`, { userId: OPERATOR });
    showEphemeral(await ephemeral.next(), OPERATOR, true);
    await sleep(pace);

    // The thread as it reads now, then the audit log.
    const thread = recorder.thread(CHANNEL);
    say();
    say(bold(`The thread in #customers, as it reads in Slack now`));
    say(dim('─'.repeat(72)));
    printThread(thread);
    say(dim('─'.repeat(72)));
    say();
    say(bold('$ celigo-bot audit export'));
    for await (const e of t.app.services.audit.export({})) say(auditLine(e));
    say();
    say(bold('$ celigo-bot audit verify'));
    await verifyAudit(t.app.services.audit, out);

    const doc = t.celigo.doc(id);
    const secrets = [
      TEST_BOT_TOKEN,
      TEST_SIGNING_SECRET,
      t.celigo.token,
      doc.http?.auth?.token?.token,
      doc.http?.auth?.token?.refreshToken,
      doc.http?.auth?.oauth?.clientSecret,
      consentUrl,
      state,
    ].filter((s): s is string => typeof s === 'string' && s.length > 0);
    const totalMs = Date.now() - started;
    say();
    say(dim(`Done in ${totalMs} ms (app up in ${startMs} ms; completion posted ${completionMs} ms after the return).`));
    return {
      thread,
      channel: CHANNEL,
      connectionName: CONNECTION_NAME,
      hostedLink,
      secrets,
      appLogs: t.logs,
      timings: { startMs, totalMs, completionMs },
    };
  } finally {
    await t.stop();
  }

  function showEphemeral(call: SlackCall, user: string, full = false): void {
    const lines = blocksToLines(blocksOf(call), String(call.params['text'] ?? ''), color).filter((l) => l !== '');
    const shown = full ? lines : lines.filter((l) => !/Only you can see this/.test(l));
    say(`   ${dim(`only @${user} sees:`)}${shown.length === 1 ? ` ${shown[0]}` : ''}`);
    if (shown.length > 1) for (const l of shown) say(`   ${dim('│')} ${l}`);
  }

  function showReplies(replies: readonly Record<string, unknown>[]): void {
    for (const r of replies) {
      const first = blocksToLines(blocksOf({ params: r }), String(r['text'] ?? ''), color)[0] ?? '';
      say(`   ${dim('thread ←')} ${first}`);
    }
  }

  function printThread(thread: readonly RenderedMessage[]): void {
    const [card, ...replies] = thread;
    if (!card) {
      say('(no thread was posted)');
      return;
    }
    const head = (m: RenderedMessage) =>
      `${bold('celigo-bot')} ${dim(`APP  ${clock(m.postedAt)}${m.edits ? '  (edited)' : ''}`)}`;
    say(head(card));
    for (const l of linesOf(card)) say(`  ${l}`);
    say(`  ${paint(color, 'blue', `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`)}`);
    for (const r of replies) {
      say(`  ${dim('│')}`);
      say(`  ${dim('│')} ${head(r)}`);
      for (const l of linesOf(r)) say(`  ${dim('│')}   ${l}`);
      if (r.original) {
        say(`  ${dim('│')}   ${dim('before the edit:')}`);
        for (const l of blocksToLines(r.original.blocks, r.original.text, color))
          say(`  ${dim('│')}   ${dim('┆')} ${l}`);
      }
    }
  }

  function linesOf(m: RenderedMessage): string[] {
    return blocksToLines(m.blocks, m.text, color);
  }
}

const blocksOf = (call: { params: Record<string, unknown> }): unknown[] =>
  Array.isArray(call.params['blocks']) ? (call.params['blocks'] as unknown[]) : [];

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

/** The next answer sent to a response_url (an ephemeral reply only the caller sees). */
function ephemeralReader(t: TestApp): { next(): Promise<SlackCall> } {
  let seen = 0;
  const all = () => t.slack.calls.filter((c) => c.method.startsWith('/response/') && c.method !== '/response/confirm');
  return {
    async next() {
      const call = await waitFor(() => all()[seen]);
      seen += 1;
      return call;
    },
  };
}

/** Thread replies posted since the last call. */
function replyReader(recorder: ThreadRecorder): () => Record<string, unknown>[] {
  let seen = 0;
  return () => {
    const replies = recorder.posted.filter((p) => p.params['thread_ts']).map((p) => p.params);
    const fresh = replies.slice(seen);
    seen = replies.length;
    return fresh;
  };
}

/** Lets the outbox deliver what is due, then returns the replies posted since last time. */
async function settle(t: TestApp, newReplies: () => Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
  await t.drain();
  return newReplies();
}

const htmlText = (s: string): string =>
  s
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

/** The hosted page's title and its facts (connection, customer, expiry) on one line. */
function pageSummary(html: string): string {
  const title = htmlText(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
  const facts = [...html.matchAll(/<dt>([\s\S]*?)<\/dt><dd>([\s\S]*?)<\/dd>/g)].map(
    (m) => `${htmlText(m[1] ?? '')}: ${htmlText(m[2] ?? '')}`,
  );
  const button = htmlText(/<button[^>]*>([\s\S]*?)<\/button>/.exec(html)?.[1] ?? '');
  return `"${title}" — ${facts.join(' · ')}${button ? ` · [ ${button} ]` : ''}`;
}

/** One audit entry on one line: what `audit export` holds, minus the chain columns (shortened). */
function auditLine(e: AuditEntry): string {
  const change = e.before !== null || e.after !== null ? `  ${e.before ?? '–'} → ${e.after ?? '–'}` : '';
  return [
    `#${String(e.seq).padEnd(3)}`,
    e.at.slice(11, 23),
    (e.userId ?? '–').padEnd(10),
    e.action.padEnd(17),
    e.result.padEnd(7),
    `${e.connectionId ?? '–'}${change}${e.detail ? `  (${e.detail})` : ''}  hash ${e.hash.slice(0, 12)}`,
  ].join(' ');
}
