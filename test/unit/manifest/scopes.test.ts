/**
 * The manifest asks for exactly the scopes and events the code uses: the Web API methods called anywhere in
 * src/ are mapped to the bot scopes they need, and every `app.event(...)` registration must be a declared
 * bot event. A new call to a method missing from the table fails here until someone decides its scope.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOT_EVENTS, BOT_SCOPES, buildManifest } from '../../../manifest/render.js';

const SRC = path.resolve(import.meta.dirname, '../../../src');

/** Web API method → bot scopes it needs (docs/slack.md, "Events and scopes"; https://api.slack.com/methods). */
const METHOD_SCOPES: Readonly<Record<string, readonly string[]>> = {
  // Posting the thread in the caller's channel: chat:write.public lets that work in public channels the bot
  // was never invited to (see BOT_SCOPES in src/cli/slack-manifest.ts).
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'usergroups.users.list': ['usergroups:read'],
  'views.open': [],
  'views.update': [],
  'views.push': [],
  'views.publish': [],
  'auth.test': [],
  // Socket Mode URL, asked with the app-level token (connections:write), not a bot scope.
  'apps.connections.open': [],
};

/** Bot events → the scopes they need. */
const EVENT_SCOPES: Readonly<Record<string, readonly string[]>> = {
  subteam_members_changed: ['usergroups:read'],
  subteam_updated: ['usergroups:read'],
  app_home_opened: [],
};

const FAMILIES =
  'chat|views|usergroups|auth|apps|users|conversations|reactions|files|team|bots|pins|bookmarks|reminders|search|admin|assistant|canvases|dnd|emoji|stars';
/** `client.chat.postMessage(`, `).apps.connections.open(` (a client expression), `apiCall('x.y'`. */
const CALL = new RegExp(`(?:[cC]lient|\\))\\s*\\.\\s*((?:${FAMILIES})(?:\\.[a-zA-Z]+)+)\\s*\\(`, 'g');
const API_CALL = /\.apiCall\(\s*['"]([a-zA-Z.]+)['"]/g;
const EVENT = /\b(?:app|bolt)\s*\.\s*event\(\s*['"]([a-z_]+)['"]/g;
const MESSAGE_LISTENER = /\b(?:app|bolt)\s*\.\s*message\(/;
const COMMAND = /\b(?:app|bolt)\s*\.\s*command\(/;
/** Bolt's `say()` posts with chat.postMessage. */
const SAY = /\bsay\(/;

function sources(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ file: path.relative(SRC, file), text: readFileSync(file, 'utf8') }));
}

function scan() {
  const methods = new Map<string, string[]>();
  const events = new Map<string, string[]>();
  let commands = false;
  const note = (map: Map<string, string[]>, key: string, file: string) => map.set(key, [...(map.get(key) ?? []), file]);
  for (const { file, text } of sources(SRC)) {
    for (const m of text.matchAll(CALL)) note(methods, m[1] as string, file);
    for (const m of text.matchAll(API_CALL)) note(methods, m[1] as string, file);
    for (const m of text.matchAll(EVENT)) note(events, m[1] as string, file);
    if (SAY.test(text)) note(methods, 'chat.postMessage', file);
    if (MESSAGE_LISTENER.test(text)) note(events, 'message.channels', file);
    if (COMMAND.test(text)) commands = true;
  }
  return { methods, events, commands };
}

describe('manifest scopes and events match the code', () => {
  const { methods, events, commands } = scan();
  const declared = new Set<string>(BOT_SCOPES);

  it('finds the calls it is meant to find (the scan itself works)', () => {
    expect(methods.has('chat.postMessage')).toBe(true);
    expect(commands).toBe(true);
  });

  it('knows the scope of every Web API method the code calls', () => {
    const unknown = [...methods.keys()].filter((m) => !(m in METHOD_SCOPES));
    expect(unknown, `add these methods and their scopes to METHOD_SCOPES: ${unknown.join(', ')}`).toEqual([]);
  });

  it('declares every scope the code needs', () => {
    const needed = new Set<string>(commands ? ['commands'] : []);
    for (const m of methods.keys()) for (const s of METHOD_SCOPES[m] ?? []) needed.add(s);
    for (const e of events.keys()) for (const s of EVENT_SCOPES[e] ?? []) needed.add(s);
    const missing = [...needed].filter((s) => !declared.has(s));
    expect(missing, 'scopes used by the code but missing from BOT_SCOPES').toEqual([]);
  });

  it('declares no scope the code does not use', () => {
    const used = new Set<string>(commands ? ['commands'] : []);
    for (const m of methods.keys()) for (const s of METHOD_SCOPES[m] ?? []) used.add(s);
    for (const e of events.keys()) for (const s of EVENT_SCOPES[e] ?? []) used.add(s);
    const unused = [...declared].filter((s) => !used.has(s));
    expect(unused, 'scopes in BOT_SCOPES that no code path needs').toEqual([]);
  });

  it('subscribes to exactly the bot events the code registers', () => {
    expect([...events.keys()].sort()).toEqual([...BOT_EVENTS].sort());
    const subscriptions = (buildManifest({})['settings'] as Record<string, unknown>)['event_subscriptions'];
    if (BOT_EVENTS.length === 0) expect(subscriptions).toBeUndefined();
    else expect(subscriptions).toMatchObject({ bot_events: [...BOT_EVENTS] });
  });

  it('declares the same scopes in the manifest that doctor checks', () => {
    const manifestScopes = (
      (buildManifest({})['oauth_config'] as Record<string, unknown>)['scopes'] as Record<string, unknown>
    )['bot'];
    expect(manifestScopes).toEqual([...BOT_SCOPES]);
  });
});
