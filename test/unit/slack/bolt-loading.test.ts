/**
 * Start-up loads only the parts of Bolt the app uses (src/slack/bolt.ts): in a fresh process, the Slack layer
 * brings in Bolt's App and its HTTP and Socket Mode receivers, and not the Express or AWS Lambda receivers.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

const PROBE = `
import { createRequire } from 'node:module';
await import('./src/slack/create-slack-app.ts');
const loaded = Object.keys(createRequire(process.cwd() + '/').cache);
const has = (re) => loaded.filter((f) => re.test(f)).length;
console.log(JSON.stringify({
  app: has(/@slack[\\\\/]bolt[\\\\/]dist[\\\\/]App\\.js$/),
  http: has(/HTTPReceiver\\.js$/),
  socket: has(/SocketModeReceiver\\.js$/),
  express: has(/ExpressReceiver\\.js$|[\\\\/]express[\\\\/]/),
  lambda: has(/AwsLambdaReceiver\\.js$/),
}));
`;

it('loads App and the receivers it uses, not express or the Lambda receiver', async () => {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['--input-type=module', '-e', PROBE],
      { cwd: ROOT, timeout: 30_000 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
  const counts = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Record<string, number>;
  expect(counts).toEqual({ app: 1, http: 1, socket: 1, express: 0, lambda: 0 });
});
