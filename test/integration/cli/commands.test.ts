import { describe, expect, it } from 'vitest';
import { runCli, USAGE } from '../../../src/cli/main.js';
import { renderManifest } from '../../../src/cli/slack-manifest.js';
import { captureIo } from './cli-io.js';

describe('celigo-bot command line', () => {
  it('prints usage on stdout for help, and exits 0', async () => {
    for (const args of [['help'], ['--help'], ['-h']]) {
      const io = captureIo({});
      expect(await runCli(args, io)).toBe(0);
      expect(io.out()).toBe(USAGE);
    }
  });

  it('answers no command, an unknown command or an unknown flag with usage on stderr and exit 2', async () => {
    for (const args of [
      [],
      ['deploy'],
      ['manifest', '--public'],
      ['audit'],
      ['audit', 'delete'],
      ['doctor', '--fix'],
    ]) {
      const io = captureIo({});
      expect(await runCli(args, io), args.join(' ')).toBe(2);
      expect(io.err()).toContain('Usage: celigo-bot <command>');
      expect(io.out()).toBe('');
    }
  });

  it('start reports invalid settings by name, never by value, and exits 1 without starting', async () => {
    const io = captureIo({ SLACK_BOT_TOKEN: 'xoxp-user-token-secret', CELIGO_API_TOKEN: 'celigo-secret' });
    expect(await runCli(['start'], io)).toBe(1);
    expect(io.err()).toContain('SLACK_BOT_TOKEN');
    expect(io.err()).toContain('SLACK_SIGNING_SECRET');
    expect(io.err()).not.toContain('xoxp-user-token-secret');
    expect(io.err()).not.toContain('celigo-secret');
  });
});

describe('celigo-bot manifest', () => {
  it('prints the Socket Mode manifest by default (the same as slack-manifest.yml)', async () => {
    const io = captureIo({});
    expect(await runCli(['manifest'], io)).toBe(0);
    expect(io.out()).toBe(renderManifest({}));
    expect(io.err()).toContain('Socket Mode');
  });

  it('prints the HTTP-mode manifest for --public-url, with every request URL at /slack/events', async () => {
    const io = captureIo({});
    expect(await runCli(['manifest', '--public-url', 'https://bot.example.com/'], io)).toBe(0);
    const yaml = io.out();
    expect(yaml).toBe(renderManifest({ publicUrl: 'https://bot.example.com' }));
    // The command, interactivity, options load and event subscription URLs.
    expect(yaml.match(/https:\/\/bot\.example\.com\/slack\/events/g)).toHaveLength(4);
    expect(yaml).toContain('socket_mode_enabled: false');
  });

  it('follows this configuration: SLACK_COMMAND, and HTTP mode when PUBLIC_URL is set without an app token', async () => {
    const io = captureIo({ SLACK_COMMAND: '/celigo-eu', PUBLIC_URL: 'https://eu-bot.example.com' });
    expect(await runCli(['manifest'], io)).toBe(0);
    expect(io.out()).toContain('- command: /celigo-eu');
    expect(io.out()).toContain('url: https://eu-bot.example.com/slack/events');

    const socket = captureIo({ SLACK_APP_TOKEN: 'xapp-1', PUBLIC_URL: 'https://eu-bot.example.com' });
    expect(await runCli(['manifest'], socket)).toBe(0);
    expect(socket.out()).toBe(renderManifest({}));
  });

  it('refuses a --public-url that is not an http(s) base URL', async () => {
    for (const bad of ['bot.example.com', 'ftp://bot.example.com', 'https://bot.example.com/?x=1']) {
      const io = captureIo({});
      expect(await runCli(['manifest', '--public-url', bad], io), bad).toBe(2);
      expect(io.out()).toBe('');
      expect(io.err()).toContain('--public-url');
    }
  });
});
