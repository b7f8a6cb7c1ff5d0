import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest, renderManifest } from '../../../manifest/render.js';
import { loadConfig } from '../../../src/config.js';
import { readYaml } from './read-yaml.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const rootManifest = readFileSync(path.join(ROOT, 'slack-manifest.yml'), 'utf8');

type Obj = Record<string, unknown>;
const at = (o: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>((node, k) => (node as Obj | unknown[] | undefined)?.[k as never], o);

describe('slack-manifest.yml', () => {
  it('is exactly what renderManifest({}) prints, so the file and the code never drift', () => {
    expect(rootManifest).toBe(renderManifest({}));
  });

  it('reads back as YAML to the same object the code builds', () => {
    expect(readYaml(rootManifest)).toEqual(buildManifest({}));
  });

  it('creates a Socket Mode app with no URLs to fill in', () => {
    const m = readYaml(rootManifest);
    expect(at(m, 'settings', 'socket_mode_enabled')).toBe(true);
    expect(at(m, 'settings', 'interactivity', 'is_enabled')).toBe(true);
    expect(rootManifest).not.toMatch(/url:/);
  });

  it('declares the slash command the app listens for by default, unescaped, with a description and usage hint', () => {
    const defaults = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', CELIGO_API_TOKEN: 't' });
    const command = at(readYaml(rootManifest), 'features', 'slash_commands', 0) as Obj;
    expect(command['command']).toBe(defaults.slack.command);
    expect(command['should_escape']).toBe(false);
    expect(String(command['description']).length).toBeGreaterThan(10);
    expect(String(command['usage_hint'])).toContain('link <connection>');
  });

  it('keeps within Slack’s field limits', () => {
    const m = buildManifest({});
    expect(String(at(m, 'display_information', 'name')).length).toBeLessThanOrEqual(35);
    expect(String(at(m, 'display_information', 'description')).length).toBeLessThanOrEqual(140);
    const long = String(at(m, 'display_information', 'long_description')).length;
    expect(long).toBeGreaterThanOrEqual(175);
    expect(long).toBeLessThanOrEqual(4000);
    expect(String(at(m, 'features', 'bot_user', 'display_name'))).toMatch(/^[a-z0-9._-]{1,80}$/);
    expect(String(at(m, 'display_information', 'background_color'))).toMatch(/^#[0-9a-f]{6}$/i);
    expect(String(at(m, 'features', 'slash_commands', 0, 'usage_hint')).length).toBeLessThanOrEqual(1000);
  });

  it('turns the Home tab on (subscribed to app_home_opened) and the Messages tab on, read-only', () => {
    const home = at(buildManifest({}), 'features', 'app_home') as Obj;
    expect(home['home_tab_enabled']).toBe(true);
    expect(at(buildManifest({}), 'settings', 'event_subscriptions', 'bot_events')).toContain('app_home_opened');
    expect(home['messages_tab_enabled']).toBe(true);
    expect(home['messages_tab_read_only_enabled']).toBe(true);
  });
});

describe('renderManifest for HTTP mode', () => {
  const yaml = renderManifest({ publicUrl: 'https://bot.example.com/' });
  const m = readYaml(yaml);

  it('points the command, interactivity and options at PUBLIC_URL/slack/events and turns Socket Mode off', () => {
    expect(at(m, 'features', 'slash_commands', 0, 'url')).toBe('https://bot.example.com/slack/events');
    expect(at(m, 'settings', 'interactivity', 'request_url')).toBe('https://bot.example.com/slack/events');
    expect(at(m, 'settings', 'interactivity', 'message_menu_options_url')).toBe('https://bot.example.com/slack/events');
    expect(at(m, 'settings', 'socket_mode_enabled')).toBe(false);
    expect(yaml).toContain('SLACK_SIGNING_SECRET');
  });

  it('renames the command when asked', () => {
    const renamed = readYaml(renderManifest({ command: '/celigo-staging', publicUrl: 'https://s.example.com' }));
    expect(at(renamed, 'features', 'slash_commands', 0, 'command')).toBe('/celigo-staging');
  });

  it('keeps Socket Mode without URLs when socketMode is forced', () => {
    const socket = readYaml(renderManifest({ publicUrl: 'https://bot.example.com', socketMode: true }));
    expect(at(socket, 'settings', 'socket_mode_enabled')).toBe(true);
    expect(at(socket, 'settings', 'interactivity', 'request_url')).toBeUndefined();
  });

  it('refuses an HTTP-mode manifest without a public URL', () => {
    expect(() => buildManifest({ socketMode: false })).toThrow(/public URL/);
  });
});
