import { afterEach, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { postSigned, waitFor } from '../../support/slack-requests.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const answers = (app: TestApp) =>
  app.slack.calls.filter((c) => c.method.startsWith('/response/')).map((c) => JSON.stringify(c.params));

test('a role granted through a user group applies as soon as Slack says the group changed', async () => {
  t = await startTestApp({ env: { CELIGO_BOT_OPERATORS: 'S0OPS', CELIGO_BOT_ADMINS: 'UADMIN' } });
  const app = t;
  app.slack.userGroups.set('S0OPS', ['UOTHER']);
  app.celigo.addConnection({ name: 'Group Test Conn' });

  await app.command('connections', { userId: 'UNEW' });
  await waitFor(() => answers(app).find((a) => /operator/i.test(a)));
  expect(answers(app).some((a) => a.includes('Group Test Conn'))).toBe(false);

  // UNEW joins the group; without the event the cached membership would hold for a minute.
  app.slack.userGroups.set('S0OPS', ['UOTHER', 'UNEW']);
  const body = JSON.stringify({
    token: 'x',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: 'Ev1',
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'subteam_members_changed', subteam_id: 'S0OPS', team_id: 'T1', added_users: ['UNEW'] },
  });
  const res = await postSigned(app.eventsUrl, app.secret, body, { contentType: 'application/json' });
  expect(res.status).toBe(200);

  await app.command('connections', { userId: 'UNEW' });
  await waitFor(() => answers(app).find((a) => a.includes('Group Test Conn')));
  const denied = (await app.app.storage.audit.query({ userId: 'UNEW' })).map((e) => e.action);
  expect(denied).toEqual(expect.arrayContaining(['access.denied']));
});
