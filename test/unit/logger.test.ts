import { Writable } from 'node:stream';
import { LogLevel } from '@slack/bolt';
import { expect, test } from 'vitest';
import { createLogger, toBoltLogger } from '../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

test('tokens, secrets and authorization URLs are redacted wherever they sit', () => {
  const { lines, logger } = capture();
  logger.info(
    {
      token: 'xoxb-SECRET-A',
      apiToken: 'SECRET-B',
      headers: { authorization: 'Bearer SECRET-C' },
      link: { authorizationUrl: 'https://provider/consent?SECRET-D' },
      req: { url: 'https://x/l/SECRET-E', response_url: 'https://hooks.slack.com/SECRET-F' },
    },
    'something happened',
  );
  const text = lines.join('\n');
  expect(text).toContain('something happened');
  for (const s of ['SECRET-A', 'SECRET-B', 'SECRET-C', 'SECRET-D', 'SECRET-E', 'SECRET-F'])
    expect(text).not.toContain(s);
});

test('errors keep their type, code and cause but not attached request configs', () => {
  const { lines, logger } = capture();
  const err = Object.assign(new Error('boom', { cause: new Error('root') }), {
    code: 'E_X',
    config: { headers: { Authorization: 'Bearer SECRET-G' } },
  });
  logger.error({ err }, 'failed');
  const entry = JSON.parse(lines[0] ?? '{}');
  expect(entry.err).toMatchObject({ type: 'Error', message: 'boom', code: 'E_X', cause: { message: 'root' } });
  expect(lines[0]).not.toContain('SECRET-G');
});

test('the Bolt adapter logs through pino with the component name and levels', () => {
  const { lines, logger } = capture();
  const bolt = toBoltLogger(logger);
  bolt.setName('web-api:WebClient');
  bolt.warn('rate limited', { retryAfter: 1 });
  bolt.setLevel(LogLevel.WARN);
  bolt.info('hidden');
  expect(bolt.getLevel()).toBe('warn');
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
    level: 40,
    component: 'web-api:WebClient',
    msg: 'rate limited {"retryAfter":1}',
  });
});

test('Bolt and web-api debug output (which carries whole request bodies) is never written', () => {
  const { lines, logger } = capture();
  const bolt = toBoltLogger(logger);
  bolt.debug('http request body: {"text":"https://bot.example.com/l/SECRET-TOKEN"}');
  expect(bolt.getLevel()).toBe('info');
  expect(lines).toHaveLength(0);
});
