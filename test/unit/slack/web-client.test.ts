import { Writable } from 'node:stream';
import { expect, test } from 'vitest';
import { bodylessSlackLogger } from '../../../src/adapters/slack/web-client.js';
import { createLogger } from '../../../src/logger.js';

test('web-api body dumps are dropped from the log; other debug lines pass through', () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _e, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = bodylessSlackLogger(createLogger({ level: 'debug', destination }));
  log.debug('http request body: {"text":"https://celigo.example/authorize?state=secret"}');
  log.debug('http request result: {"message":{"blocks":"https://celigo.example/authorize"}}');
  log.debug("apiCall('chat.postMessage') start");
  const all = lines.join('');
  expect(all).not.toContain('celigo.example');
  expect(all).toContain("apiCall('chat.postMessage') start");
});
