/**
 * Random command texts, modal submissions, button clicks and typeahead queries through the REAL app (signed
 * HTTP → Bolt → services → fake integrator.io, outbox → fake Slack). Fuzzing users: an operator, a stranger,
 * and — only where nothing is written without a Confirm on a real change (commands, the redirect modal) — the
 * admin, so previews are reached too. No PATCH/PUT to Celigo is possible, and none may happen. For every run:
 * the HTTP answer is 200 (an ack, or `response_action: errors` for a modal), the caller gets an answer, and
 * nothing sent to Slack carries input markup unescaped or breaks a Block Kit limit. At the end: no error
 * logged, zero PATCH/PUT, and every link created for a hostile customer label shows that label in the thread
 * only escaped or as plain_text. A failure prints fast-check's seed and path; replay with `{ seed, path }`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeMrkdwn } from '../../src/blocks/escape.js';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/blocks/ids.js';
import { cleanText } from '../../src/domain/text.js';
import { parseCommandText } from '../../src/slack/parse/command-text.js';
import { viewSubmission } from '../integration/slack/slack-support.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import type { SlackCall } from '../support/fake-slack.js';
import { waitFor } from '../support/slack-requests.js';
import {
  allowedUrl,
  commandText,
  HOSTILE_RAW,
  hex24,
  hostileLabel,
  limitProblems,
  metadataText,
  modalText,
  mrkdwnTexts,
  payloadProblems,
} from './arbitraries.js';

const OPERATOR = 'UOPERATOR1';
const STRANGER = 'USTRANGER';
const ADMIN = 'UADMIN';
/** Users our own mentions may name (the fuzzers, the admin, the bot). */
const KNOWN_USERS = [OPERATOR, STRANGER, ADMIN, 'UBOT'];
const CHANNEL = 'C1';
/** Each fuzz takes a few seconds; room for a loaded CI machine (and for shrinking a failure). */
const FUZZ_TIMEOUT_MS = 90_000;

/** Methods whose payloads Slack shows to people: every one is checked for unescaped markup. */
const SHOWN = (c: SlackCall): boolean =>
  c.method.startsWith('/response/') ||
  ['chat.postEphemeral', 'chat.postMessage', 'chat.update', 'views.open', 'views.update', 'views.push'].includes(
    c.method,
  );

let t: TestApp;
let oauthIds: string[] = [];
let hostileNames: string[] = [];
/** Labels of links the app reported as created by a command or a modal (checked in the thread at the end). */
const createdLabels = new Set<string>();
/** Redirect previews shown to the admin (the deepest read-only path; must have been reached). */
let previewsShown = 0;
const isPreview = (c: SlackCall): boolean => mrkdwnTexts(c.params).some((m) => /change the landing page of/i.test(m));
let triggerSeq = 0;

beforeAll(async () => {
  t = await startTestApp({
    env: {
      CELIGO_BOT_OPERATORS: OPERATOR,
      CELIGO_BOT_ADMINS: ADMIN,
      REDIRECT_ALLOWED_HOSTS: 'example.com,*.example.com',
    },
  });
  hostileNames = ['<!channel> Shop & Co <@UEVIL>', '<https://evil.example|click here> CRM', 'Acme Salesforce'];
  oauthIds = hostileNames.map((name) => t.celigo.addConnection({ name })._id);
  t.celigo.addNonOAuthConnection('Token <!here> API');
});

afterAll(async () => {
  await t?.stop();
});

const writes = () => t.celigo.apiRequests().filter((r) => r.method === 'PATCH' || r.method === 'PUT');

const errorLogs = () =>
  t.logs.filter((line) => {
    try {
      return Number((JSON.parse(line) as { level?: unknown }).level) >= 50;
    } catch {
      return true; // a line that is not JSON is a stray write: report it
    }
  });

function problemsIn(calls: readonly SlackCall[]): string[] {
  return calls
    .filter(SHOWN)
    .flatMap((c) =>
      [...payloadProblems(c.params, KNOWN_USERS), ...limitProblems(c.params)].map((p) => `${c.method}: ${p}`),
    );
}

/** Commands that name a real connection (by id or quoted hostile name) with hostile labels, URLs and flags. */
const targetedText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('link', 'link', 'status', 'redirect', 'audit', 'connections'),
    fc.oneof(
      fc.nat().map((n) => oauthIds[n % oauthIds.length] ?? ''),
      fc.nat().map((n) => `"${hostileNames[n % hostileNames.length] ?? ''}"`),
      hex24,
    ),
    fc.oneof(
      hostileLabel,
      allowedUrl,
      allowedUrl.map((u) => `${u} --dry-run`),
      allowedUrl.map((u) => `<${u}|<!channel>>`),
      fc.constantFrom('https://evil.example/x', '--dry-run', ''),
    ),
  )
  .map(([sub, ref, rest]) => `${sub} ${ref} ${rest}`.trim());

/**
 * Who fuzzes. The admin takes part only where no Celigo write can follow without a Confirm click that the
 * fuzz never makes on a real change: commands (a `redirect` only previews) and the redirect modal (likewise).
 * The link modal's landing page is written at once for an admin, so only the operator and a stranger fill it.
 */
const commandUser = fc.constantFrom(OPERATOR, OPERATOR, OPERATOR, ADMIN, STRANGER);
const redirectModalUser = fc.constantFrom(OPERATOR, ADMIN, ADMIN, STRANGER);
const nonAdminUser = fc.constantFrom(OPERATOR, OPERATOR, OPERATOR, STRANGER);

/**
 * An answer to the caller alone: an ephemeral message, or the direct-message fallback. Thread posts from the
 * outbox worker (running meanwhile) go to the channel, so they are never mistaken for the answer.
 */
const toCaller = (c: SlackCall, userId: string): boolean =>
  (c.method === 'chat.postEphemeral' && c.params['user'] === userId) ||
  (c.method === 'chat.postMessage' && c.params['channel'] === userId);

/** Whatever the ack carried: '' for a bare ack, else JSON. */
async function ackBody(res: Response): Promise<Record<string, unknown> | null> {
  const raw = await res.text();
  if (raw === '') return null;
  return JSON.parse(raw) as Record<string, unknown>;
}

describe('random /celigo commands through the real app', () => {
  test(
    'each gets a 200 and an answer, nothing unescaped reaches Slack, nothing is written to Celigo',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(commandText, targetedText), commandUser, async (text, userId) => {
          const before = t.slack.calls.length;
          const triggerId = `fuzz-trigger-${++triggerSeq}`;
          const res = await t.command(text, { userId, channelId: CHANNEL, triggerId });
          expect(res.status).toBe(200);
          const body = await ackBody(res);
          if (body) expect(payloadProblems(body, KNOWN_USERS)).toEqual([]);
          // An answer on the ack, or a modal on this trigger, or an ephemeral reply.
          if (!body) {
            await waitFor(() =>
              t.slack.calls
                .slice(before)
                .some(
                  (c) =>
                    (c.method === 'views.open' && c.params['trigger_id'] === triggerId) ||
                    c.method.startsWith('/response/') ||
                    toCaller(c, userId),
                ),
            );
          }
          const fresh = t.slack.calls.slice(before);
          expect(problemsIn(fresh)).toEqual([]);
          if (fresh.some(isPreview)) previewsShown += 1;
          const parsed = parseCommandText(text);
          if (parsed.kind === 'link' && userId === OPERATOR) {
            const answered = fresh
              .filter((c) => c.method.startsWith('/response/') || toCaller(c, userId))
              .some((c) => mrkdwnTexts(c.params).some((m) => m.includes('Link created')));
            if (answered) createdLabels.add(cleanText(parsed.customerLabel));
          }
          expect(writes()).toEqual([]);
        }),
        { numRuns: 360 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

function submission(callbackId: string, values: object, privateMetadata: string, userId: string) {
  triggerSeq += 1;
  return viewSubmission({
    callbackId,
    values,
    privateMetadata,
    user: { id: userId, name: 'fuzz', username: 'fuzz', team_id: 'T1' },
    triggerId: `fuzz-view-${triggerSeq}`,
    viewId: `VFUZZ${triggerSeq}`,
  });
}

const connectionChoice = fc.oneof(
  fc.nat().map((n) => oauthIds[n % oauthIds.length] ?? null),
  fc.constant(null),
  hex24,
  modalText,
);

const linkForm = fc.record({
  kind: fc.constant('link' as const),
  connectionId: connectionChoice,
  label: fc.oneof(hostileLabel, hostileLabel, modalText),
  landingUrl: fc.oneof(fc.constant(null), fc.constant(null), fc.constant(''), allowedUrl, modalText),
});
const redirectForm = fc.record({
  kind: fc.constant('redirect' as const),
  connectionId: connectionChoice,
  url: fc.oneof(allowedUrl, allowedUrl, modalText),
  dryRun: fc.boolean(),
});
const metadataOrFresh = fc.oneof(
  { weight: 1, arbitrary: metadataText },
  { weight: 4, arbitrary: fc.uuid().map((k) => JSON.stringify({ c: CHANNEL, k })) },
  { weight: 1, arbitrary: fc.uuid().map((k) => JSON.stringify({ c: null, k })) },
);

function formValues(f: LinkF | RedirectF): object {
  const conn = {
    [BLOCKS.connection]: {
      [ACTIONS.connectionSelect]: {
        type: 'external_select',
        selected_option: f.connectionId === null ? null : { value: f.connectionId },
      },
    },
  };
  if (f.kind === 'link') {
    return {
      ...conn,
      [BLOCKS.customerLabel]: { [ACTIONS.customerLabel]: { type: 'plain_text_input', value: f.label } },
      [BLOCKS.landingUrl]: { [ACTIONS.landingUrl]: { type: 'url_text_input', value: f.landingUrl } },
    };
  }
  return {
    ...conn,
    [BLOCKS.redirectUrl]: { [ACTIONS.redirectUrl]: { type: 'url_text_input', value: f.url } },
    [BLOCKS.dryRun]: {
      [ACTIONS.dryRun]: { type: 'checkboxes', selected_options: f.dryRun ? [{ value: 'dry_run' }] : [] },
    },
  };
}
type LinkF = { kind: 'link'; connectionId: string | null; label: string; landingUrl: string | null };
type RedirectF = { kind: 'redirect'; connectionId: string | null; url: string; dryRun: boolean };

const BLOCK_IDS = new Set<string>(Object.values(BLOCKS));

describe('random link and redirect modal submissions through the real app', () => {
  test(
    'each gets a 200 ack or field errors, an answer, nothing unescaped, nothing written to Celigo',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(linkForm, redirectForm),
          metadataOrFresh,
          nonAdminUser,
          redirectModalUser,
          async (f, meta, nonAdmin, redirectUser) => {
            const userId = f.kind === 'link' ? nonAdmin : redirectUser;
            const before = t.slack.calls.length;
            const payload = submission(f.kind === 'link' ? VIEWS.link : VIEWS.redirect, formValues(f), meta, userId);
            const res = await t.interact(payload);
            expect(res.status).toBe(200);
            const body = await ackBody(res);
            if (body) {
              // The documented answer to a bad field or a stale form: errors keyed by our input blocks.
              expect(body['response_action']).toBe('errors');
              const errors = body['errors'] as Record<string, unknown>;
              expect(Object.keys(errors).length).toBeGreaterThan(0);
              for (const [block, message] of Object.entries(errors)) {
                expect(BLOCK_IDS.has(block)).toBe(true);
                expect(typeof message).toBe('string');
              }
            } else {
              await waitFor(() => t.slack.calls.slice(before).some((c) => toCaller(c, userId)));
            }
            const fresh = t.slack.calls.slice(before);
            expect(problemsIn(fresh)).toEqual([]);
            if (fresh.some(isPreview)) previewsShown += 1;
            if (f.kind === 'link' && userId === OPERATOR) {
              const answered = fresh
                .filter((c) => c.method.startsWith('/response/') || toCaller(c, userId))
                .some((c) => mrkdwnTexts(c.params).some((m) => m.includes('Link created')));
              if (answered) createdLabels.add(cleanText(f.label));
            }
            expect(writes()).toEqual([]);
          },
        ),
        { numRuns: 180 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('random button clicks through the real app', () => {
  test(
    'forged Confirm, Undo, Re-authorize and audit-page values change nothing and are answered safely',
    async () => {
      const action = fc.constantFrom(
        ACTIONS.redirectConfirm,
        ACTIONS.redirectCancel,
        ACTIONS.redirectUndo,
        ACTIONS.reauthorize,
        ACTIONS.auditOlder,
        ACTIONS.chooseLink,
        ACTIONS.chooseRedirect,
        ACTIONS.chooseStatus,
        ACTIONS.revokeLink,
      );
      const value = fc.oneof(
        modalText,
        metadataText,
        fc.nat().map((n) => JSON.stringify({ id: oauthIds[n % oauthIds.length], name: '<!channel>' })),
        fc.record({ c: fc.option(modalText, { nil: null }), b: fc.integer() }).map((o) => JSON.stringify(o)),
      );
      await fc.assert(
        fc.asyncProperty(action, value, metadataText, nonAdminUser, async (actionId, v, meta, userId) => {
          const before = t.slack.calls.length;
          const n = ++triggerSeq;
          // The chooser's buttons live in a modal: Slack sends the view (with its client-echoed metadata).
          const inModal = actionId.startsWith('chooser_');
          const res = await t.interact({
            type: 'block_actions',
            team: { id: 'T1', domain: 'partner' },
            user: { id: userId, name: 'fuzz', username: 'fuzz', team_id: 'T1' },
            api_app_id: 'A1',
            token: 'x',
            container: inModal
              ? { type: 'view', view_id: `VCHOOSER${n}` }
              : { type: 'message', message_ts: '1700000000.000001', channel_id: CHANNEL, is_ephemeral: true },
            ...(inModal
              ? {
                  view: {
                    ...submission(VIEWS.chooser, {}, meta, userId).view,
                    id: `VCHOOSER${n}`,
                    callback_id: VIEWS.chooser,
                  },
                }
              : {}),
            trigger_id: `fuzz-click-${n}`,
            channel: { id: CHANNEL, name: 'customers' },
            response_url: `${t.slack.baseUrl}/response/click-${n}`,
            actions: [
              {
                type: 'button',
                action_id: actionId,
                block_id: 'b',
                text: { type: 'plain_text', text: 'x' },
                value: v,
                action_ts: '1700000001.000000',
              },
            ],
          });
          expect(res.status).toBe(200);
          // Every click is answered: on the response_url, as an ephemeral message, or with a (new) modal.
          await waitFor(() =>
            t.slack.calls
              .slice(before)
              .some(
                (c) =>
                  c.method === `/response/click-${n}` ||
                  toCaller(c, userId) ||
                  (c.method === 'views.open' && c.params['trigger_id'] === `fuzz-click-${n}`) ||
                  (c.method === 'views.update' && c.params['view_id'] === `VCHOOSER${n}`),
              ),
          );
          expect(problemsIn(t.slack.calls.slice(before))).toEqual([]);
          expect(writes()).toEqual([]);
        }),
        { numRuns: 120 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('random typeahead queries through the real app', () => {
  test(
    'each is answered with at most 100 options within Slack limits, or none',
    async () => {
      const query = fc.oneof(modalText, fc.constantFrom('', 'Acme', '<!channel>', 'Shop & Co', '<https://evil'), hex24);
      let answeredWithOptions = 0;
      await fc.assert(
        fc.asyncProperty(query, metadataText, nonAdminUser, async (value, meta, userId) => {
          const res = await t.interact({
            type: 'block_suggestion',
            user: { id: userId, name: 'fuzz', username: 'fuzz', team_id: 'T1' },
            team: { id: 'T1', domain: 'partner' },
            api_app_id: 'A1',
            token: 'x',
            container: { type: 'view', view_id: 'VFUZZ' },
            action_id: ACTIONS.connectionSelect,
            block_id: BLOCKS.connection,
            value,
            view: submission(VIEWS.link, {}, meta, userId).view,
          });
          expect(res.status).toBe(200);
          const body = (await res.json()) as { options?: Array<{ text: { type: string }; value: string }> };
          expect(Array.isArray(body.options)).toBe(true);
          expect(body.options?.length ?? 0).toBeLessThanOrEqual(100);
          // Connection names (hostile ones included) are plain_text here: Slack never parses them.
          for (const o of body.options ?? []) expect(o.text.type).toBe('plain_text');
          expect(limitProblems(body)).toEqual([]);
          if (userId === STRANGER) expect(body.options).toEqual([]);
          if ((body.options?.length ?? 0) > 0) answeredWithOptions += 1;
        }),
        { numRuns: 100 },
      );
      expect(answeredWithOptions).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe('regressions the fuzzing found', () => {
  test('`link` with a reference longer than Slack allows in an option opens the picker empty', async () => {
    const triggerId = `long-ref-${++triggerSeq}`;
    const res = await t.command(`link ${'x'.repeat(151)}`, { userId: OPERATOR, channelId: CHANNEL, triggerId });
    expect(res.status).toBe(200);
    const open = await waitFor(() =>
      t.slack.calls.find((c) => c.method === 'views.open' && c.params['trigger_id'] === triggerId),
    );
    expect(JSON.stringify(open.params['view'])).not.toContain('initial_option');
    expect(limitProblems(open.params)).toEqual([]);
  });

  test('`link` with a 24-hex id still opens the picker on that connection', async () => {
    const triggerId = `id-ref-${++triggerSeq}`;
    await t.command(`link ${oauthIds[2]}`, { userId: OPERATOR, channelId: CHANNEL, triggerId });
    const open = await waitFor(() =>
      t.slack.calls.find((c) => c.method === 'views.open' && c.params['trigger_id'] === triggerId),
    );
    expect(JSON.stringify(open.params['view'])).toContain(`"value":"${oauthIds[2]}"`);
  });
});

describe('after the fuzzing', () => {
  test('no error was logged, nothing was written to Celigo, and thread posts show labels only escaped', async () => {
    await t.drain();
    expect(errorLogs()).toEqual([]);
    expect(writes()).toEqual([]);
    expect(problemsIn(t.slack.calls)).toEqual([]);

    const threadPosts = t.slack.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
    // The fuzz did create links (else the label check below would prove nothing).
    expect(createdLabels.size).toBeGreaterThan(0);
    expect(previewsShown).toBeGreaterThan(0);
    const mrkdwn = threadPosts.flatMap((c) => mrkdwnTexts(c.params));
    const plainTexts = threadPosts.map((c) => JSON.stringify(c.params['blocks'] ?? []));
    for (const label of createdLabels) {
      const shownEscaped = mrkdwn.some((m) => m.includes(escapeMrkdwn(label)));
      const shownPlain = plainTexts.some((p) => p.includes(JSON.stringify(label).slice(1, -1)));
      expect(shownEscaped || shownPlain, `label ${JSON.stringify(label)} is in the thread`).toBe(true);
      // A label carrying markup never appears as is (its escaped form has no `<`). Lone `&`, `<`, `>` are
      // caught for every text by payloadProblems above.
      if (HOSTILE_RAW.some((h) => label.includes(h))) {
        expect(
          mrkdwn.some((m) => m.includes(label)),
          `label ${JSON.stringify(label)} raw in mrkdwn`,
        ).toBe(false);
      }
    }
    for (const m of mrkdwn) for (const raw of HOSTILE_RAW) expect(m).not.toContain(raw);
  });
});
