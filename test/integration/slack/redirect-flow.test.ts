/** `/celigo redirect`: preview → Confirm → Celigo updated → thread reply with Undo → Undo restores. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/blocks/ids.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import type { SlackCall } from '../../support/fake-slack.js';
import { waitFor } from '../../support/slack-requests.js';
import { buttonClick, buttonValue, posts, responses, USER } from './slack-support.js';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.stop();
});

const redirectOf = (id: string): unknown => t.celigo.doc(id).http?.auth?.oauth?.oauth2RedirectUrl;
const writes = () => t.celigo.apiRequests().filter((r) => r.method === 'PATCH' || r.method === 'PUT');
const text = (c: SlackCall | undefined) => `${String(c?.params['text'])} ${JSON.stringify(c?.params['blocks'])}`;

async function preview(connId: string, url: string): Promise<{ changeId: string; call: SlackCall }> {
  const before = responses(t.slack.calls).length;
  const res = await t.command(`redirect ${connId} ${url}`);
  expect(res.status).toBe(200);
  const call = await waitFor(() => responses(t.slack.calls)[before]);
  const changeId = buttonValue(call, ACTIONS.redirectConfirm);
  expect(changeId).toBeTruthy();
  return { changeId: changeId ?? '', call };
}

describe('changing the landing page', () => {
  it('previews, confirms, posts a thread reply with Undo, and Undo restores the previous value', async () => {
    const conn = t.celigo.addConnection({
      name: 'Acme',
      http: { auth: { oauth: { oauth2RedirectUrl: 'https://old.example.com/done' } } },
    });
    const { changeId, call } = await preview(conn._id, 'https://new.example.com/thanks');
    expect(text(call)).toContain('old.example.com/done');
    expect(text(call)).toContain('new.example.com/thanks');
    expect(buttonValue(call, ACTIONS.redirectCancel)).toBe(changeId);
    expect(writes()).toHaveLength(0);

    await t.interact(
      buttonClick({
        actionId: ACTIONS.redirectConfirm,
        value: changeId,
        responseUrl: `${t.slack.baseUrl}/response/confirm`,
      }),
    );
    const done = await waitFor(() => t.slack.callsOf('/response/confirm')[0]);
    expect(done.params['replace_original']).toBe(true);
    expect(text(done)).toContain('Landing page set');
    expect(redirectOf(conn._id)).toBe('https://new.example.com/thanks');

    await t.drain();
    const reply = posts(t.slack.calls).find((c) => buttonValue(c, ACTIONS.redirectUndo) !== undefined);
    expect(reply?.params['thread_ts']).toBeTruthy();
    const undoId = buttonValue(reply!, ACTIONS.redirectUndo) ?? '';
    expect(text(reply)).toContain('<@U1>');

    await t.interact(
      buttonClick({ actionId: ACTIONS.redirectUndo, value: undoId, responseUrl: `${t.slack.baseUrl}/response/undo` }),
    );
    const undone = await waitFor(() => t.slack.callsOf('/response/undo')[0]);
    expect(undone.params['replace_original']).toBe(false);
    expect(text(undone)).toContain('Undone');
    expect(redirectOf(conn._id)).toBe('https://old.example.com/done');
    const actions = (await t.app.storage.audit.query({ connectionId: conn._id })).map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual(expect.arrayContaining(['redirect.preview:ok', 'redirect.set:ok', 'redirect.undo:ok']));
  });

  it('Confirm clicked twice applies the change once and answers the second click "already done"', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    const { changeId } = await preview(conn._id, 'https://new.example.com/x');
    const click = (n: number) =>
      t.interact(
        buttonClick({
          actionId: ACTIONS.redirectConfirm,
          value: changeId,
          responseUrl: `${t.slack.baseUrl}/response/c${n}`,
        }),
      );
    await Promise.all([click(1), click(2)]);
    const answers = await waitFor(() => {
      const a = [...t.slack.callsOf('/response/c1'), ...t.slack.callsOf('/response/c2')];
      return a.length === 2 ? a : undefined;
    });
    expect(answers.filter((a) => text(a).includes('Landing page set'))).toHaveLength(1);
    expect(answers.filter((a) => text(a).includes('Already done'))).toHaveLength(1);
    expect(writes().length).toBeLessThanOrEqual(2); // one PATCH (or one PUT after a refused PATCH)
    expect(writes().filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('a stale Undo is refused: a newer change supersedes it, and Celigo keeps the newer value', async () => {
    const conn = t.celigo.addConnection({
      name: 'Acme',
      http: { auth: { oauth: { oauth2RedirectUrl: 'https://x.example.com/' } } },
    });
    const a = await preview(conn._id, 'https://y.example.com/');
    await t.interact(
      buttonClick({
        actionId: ACTIONS.redirectConfirm,
        value: a.changeId,
        responseUrl: `${t.slack.baseUrl}/response/a`,
      }),
    );
    await waitFor(() => t.slack.callsOf('/response/a')[0]);
    const b = await preview(conn._id, 'https://z.example.com/');
    await t.interact(
      buttonClick({
        actionId: ACTIONS.redirectConfirm,
        value: b.changeId,
        responseUrl: `${t.slack.baseUrl}/response/b`,
      }),
    );
    await waitFor(() => t.slack.callsOf('/response/b')[0]);
    expect(redirectOf(conn._id)).toBe('https://z.example.com/');
    const writesBefore = writes().length;

    // A's "Landing page changed" reply is edited in place: same words, no Undo; B's reply keeps its Undo.
    await t.drain();
    const replyOf = (id: string) => posts(t.slack.calls).find((c) => buttonValue(c, ACTIONS.redirectUndo) === id);
    expect(replyOf(a.changeId)).toBeTruthy();
    expect(replyOf(b.changeId)).toBeTruthy();
    // Where A's reply was posted, as the outbox recorded it under the change's message ref.
    const ts = (await t.app.storage.threads.getMessageRef(`change:${a.changeId}`))?.ts;
    const editsOfA = () => t.slack.callsOf('chat.update').filter((c) => c.params['ts'] === ts);
    expect(ts).toBeTruthy();
    expect(editsOfA()).toHaveLength(1);
    const edited = editsOfA()[0]!;
    expect(buttonValue(edited, ACTIONS.redirectUndo)).toBeUndefined();
    expect(text(edited)).toContain('Landing page changed by');
    expect(text(edited)).toContain('https://y.example.com/');
    expect(text(edited)).toContain('Undo is no longer available: a newer change replaced this one');

    await t.interact(
      buttonClick({
        actionId: ACTIONS.redirectUndo,
        value: a.changeId,
        responseUrl: `${t.slack.baseUrl}/response/undo-a`,
      }),
    );
    const answer = await waitFor(() => t.slack.callsOf('/response/undo-a')[0]);
    // The newer change was made here, so the answer names who made it.
    expect(text(answer)).toContain(`changed to https://z.example.com/ by <@${USER.id}> since this change`);
    expect(text(answer)).toContain('Nothing was changed');
    expect(redirectOf(conn._id)).toBe('https://z.example.com/');
    expect(writes()).toHaveLength(writesBefore);
    const audit = await t.app.storage.audit.query({ connectionId: conn._id });
    expect(audit.some((e) => e.action === 'redirect.undo' && e.result === 'refused')).toBe(true);
    // The refusal edits A's reply again (its Undo can never apply), still without a button.
    await t.drain();
    expect(editsOfA()).toHaveLength(2);
    expect(buttonValue(editsOfA()[1]!, ACTIONS.redirectUndo)).toBeUndefined();
    expect(text(editsOfA()[1])).toContain('the landing page was changed since');
  });

  it('a stale Confirm is refused when the value moved since the preview, and Celigo is unchanged', async () => {
    const conn = t.celigo.addConnection({
      name: 'Acme',
      http: { auth: { oauth: { oauth2RedirectUrl: 'https://x.example.com/' } } },
    });
    const { changeId } = await preview(conn._id, 'https://y.example.com/');
    // Someone changes it in integrator.io meanwhile.
    t.celigo.update(conn._id, { http: { auth: { oauth: { oauth2RedirectUrl: 'https://z.example.com/' } } } });
    await t.interact(
      buttonClick({ actionId: ACTIONS.redirectConfirm, value: changeId, responseUrl: `${t.slack.baseUrl}/response/c` }),
    );
    const answer = await waitFor(() => t.slack.callsOf('/response/c')[0]);
    expect(text(answer)).toContain(
      'changed to https://z.example.com/ in integrator.io or by another tool since this preview',
    );
    expect(redirectOf(conn._id)).toBe('https://z.example.com/');
    expect(writes()).toHaveLength(0);
    // The refusal replaces the ephemeral preview: its Confirm and Cancel buttons are gone.
    expect(answer.params['replace_original']).toBe(true);
    expect(buttonValue(answer, ACTIONS.redirectConfirm)).toBeUndefined();
    expect(buttonValue(answer, ACTIONS.redirectCancel)).toBeUndefined();
    // The preview can never apply later.
    expect((await t.app.storage.redirectChanges.get(changeId))?.state).toBe('expired');
  });

  it('Cancel changes nothing and replaces the preview', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    const { changeId } = await preview(conn._id, 'https://new.example.com/x');
    await t.interact(
      buttonClick({
        actionId: ACTIONS.redirectCancel,
        value: changeId,
        responseUrl: `${t.slack.baseUrl}/response/cancel`,
      }),
    );
    const answer = await waitFor(() => t.slack.callsOf('/response/cancel')[0]);
    expect(answer.params['replace_original']).toBe(true);
    expect(text(answer)).toContain('Nothing was changed');
    expect(writes()).toHaveLength(0);
  });

  it('--dry-run shows the exact Celigo request, offers no buttons and writes nothing', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    await t.command(`redirect ${conn._id} https://new.example.com/x --dry-run`);
    const call = await waitFor(() => responses(t.slack.calls)[0]);
    expect(text(call)).toContain(`PATCH /v1/connections/${conn._id}`);
    expect(buttonValue(call, ACTIONS.redirectConfirm)).toBeUndefined();
    expect(writes()).toHaveLength(0);
  });

  it('a URL that is not allowed is refused in plain words before anything is proposed', async () => {
    const conn = t.celigo.addConnection({ name: 'Acme' });
    await t.command(`redirect ${conn._id} javascript:alert(1)`);
    const call = await waitFor(() => responses(t.slack.calls)[0]);
    expect(text(call)).toMatch(/https/);
    expect(text(call)).toContain('Nothing was changed');
    expect(buttonValue(call, ACTIONS.redirectConfirm)).toBeUndefined();
    expect(writes()).toHaveLength(0);
  });
});

describe('what celigo-bot probe found decides what is offered', () => {
  const found = (name: 'patch_redirect_url' | 'get_masks_secrets', value: string) =>
    t.app.storage.findings.save({ account: 'default', name, value, source: 'probe', at: new Date() });

  it('with PATCH known to be refused, an authorized connection gets no preview: the caller is told up front', async () => {
    await found('patch_redirect_url', 'refused');
    await found('get_masks_secrets', 'masked');
    const conn = t.celigo.addConnection({ name: 'Acme', offline: false });
    expect((await t.command(`redirect ${conn._id} https://new.example.com/thanks`)).status).toBe(200);
    const call = await waitFor(() => responses(t.slack.calls)[0]);
    expect(text(call)).toContain('refuses targeted updates of the landing page');
    expect(buttonValue(call, ACTIONS.redirectConfirm)).toBeUndefined();
    expect(writes()).toEqual([]);
    const audit = await t.app.storage.audit.query({ connectionId: conn._id });
    expect(audit.map((e) => [e.action, e.result, e.detail])).toEqual([
      ['redirect.preview', 'refused', 'landing_pages_off'],
    ]);
  });

  it('a connection not yet authorized still gets the preview', async () => {
    await found('patch_redirect_url', 'refused');
    const conn = t.celigo.addConnection({ name: 'Acme', offline: true });
    const { changeId } = await preview(conn._id, 'https://new.example.com/thanks');
    expect(changeId).toBeTruthy();
  });
});
