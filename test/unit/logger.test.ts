import { Writable } from 'node:stream';
import { LogLevel } from '@slack/bolt';
import { expect, test } from 'vitest';
import { createLogger, REDACTED_KEYS, redactNested, toBoltLogger } from '../../src/logger.js';

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

test('every redacted key is blanked at the top, one level down and in a child logger’s own fields', () => {
  const { lines, logger } = capture();
  let n = 0;
  for (const key of REDACTED_KEYS) {
    n += 1;
    logger.info({ [key]: `TOP-${n}-SECRET`, wrapper: { [key]: `NESTED-${n}-SECRET`, keep: 'visible' } }, key);
    logger.child({ [key]: `BOUND-${n}-SECRET` }).info('child');
  }
  logger.info({ call: { headers: { authorization: 'Bearer NESTED-HEADER-SECRET', accept: 'json' } } }, 'headers');
  const text = lines.join('\n');
  expect(text).not.toContain('SECRET');
  expect(text).toContain('visible');
  expect(text).toContain('"accept":"json"');
  expect(lines).toHaveLength(2 * REDACTED_KEYS.size + 1);
});

test('nested redaction copies only what it blanks and leaves the caller’s objects alone', () => {
  const plain = { connectionId: 'c1', detail: { code: 'x' }, list: [{ token: 'in an array' }] };
  expect(redactNested(plain)).toBe(plain);
  const req = { url: 'https://example.com/l/abc', method: 'GET' };
  const fields = { req, n: 1 };
  const out = redactNested(fields);
  expect(out).toEqual({ req: { url: '[redacted]', method: 'GET' }, n: 1 });
  expect(req.url).toBe('https://example.com/l/abc');
  expect(fields.req).toBe(req);
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
