import { WebClient } from '@slack/web-api';
import { afterEach, expect, test } from 'vitest';
import { createSlackDirectory } from '../../../src/adapters/slack/slack-directory.js';
import { createLogger } from '../../../src/logger.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

let slack: FakeSlack | undefined;
afterEach(async () => {
  await slack?.close();
});

test('user-group members are looked up once per TTL; an unknown group has no members and is not cached', async () => {
  slack = await startFakeSlack();
  slack.userGroups.set('S1', ['U1', 'U2']);
  const client = new WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  let now = 0;
  const dir = createSlackDirectory(client, { ttlMs: 1000, logger: createLogger({ level: 'silent' }), now: () => now });

  expect([...(await dir.membersOf('S1'))]).toEqual(['U1', 'U2']);
  expect([...(await dir.membersOf('S1'))]).toEqual(['U1', 'U2']);
  expect(slack.callsOf('usergroups.users.list')).toHaveLength(1);
  now = 2000;
  await dir.membersOf('S1');
  expect(slack.callsOf('usergroups.users.list')).toHaveLength(2);

  expect((await dir.membersOf('SNONE')).size).toBe(0);
  await dir.membersOf('SNONE');
  expect(slack.callsOf('usergroups.users.list')).toHaveLength(4);
});
