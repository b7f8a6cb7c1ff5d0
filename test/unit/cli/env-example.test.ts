import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ConfigError } from '../../../src/errors.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
const configSource = readFileSync(path.join(ROOT, 'src/config.ts'), 'utf8');

/** Variable names the settings schema reads (`  NAME: z…` or `  NAME: helper(…)` lines). */
const schemaVariables = [...configSource.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1] as string);

describe('.env.example', () => {
  it('mentions every setting the app reads', () => {
    expect(schemaVariables.length).toBeGreaterThan(15);
    const missing = schemaVariables.filter((name) => !new RegExp(`^#?${name}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  it('copied as it is, asks only for the required tokens', () => {
    const err = (() => {
      try {
        loadConfig(parseEnv(example));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const named = [...new Set((err as ConfigError).problems.map((p) => p.split(':')[0]))].sort();
    expect(named).toEqual(['CELIGO_API_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('with the tokens filled in, is a valid Socket Mode configuration', () => {
    const env = { ...parseEnv(example), SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', CELIGO_API_TOKEN: 't' };
    expect(loadConfig(env).slack.socketMode).toBe(true);
  });
});
