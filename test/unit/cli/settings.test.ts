import { describe, expect, it } from 'vitest';
import { loadAuditConfig, loadConfigLeniently } from '../../../src/cli/settings.js';
import { ConfigError } from '../../../src/errors.js';

describe('lenient settings for operator commands', () => {
  it('reads valid settings as loadConfig does, with no problems', () => {
    const r = loadConfigLeniently({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', CELIGO_API_TOKEN: 't' });
    expect(r.problems).toEqual([]);
    expect(r.config.slack.socketMode).toBe(true);
  });

  it('still yields the other settings when some are wrong, naming the wrong ones', () => {
    const r = loadConfigLeniently({ SLACK_BOT_TOKEN: 'nope', LINK_TTL: 'soon', DATABASE_URL: 'sqlite:/tmp/x.sqlite' });
    expect([...r.badVariables].sort()).toEqual(
      ['CELIGO_API_TOKEN', 'LINK_TTL', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'].sort(),
    );
    expect(r.config.db.sqlitePath).toBe('/tmp/x.sqlite');
    expect(r.problems.join('\n')).not.toContain('nope');
  });

  it('lets the audit commands run without Slack or Celigo settings', () => {
    const config = loadAuditConfig({ DATABASE_URL: 'sqlite::memory:', CELIGO_REGION: 'mars' });
    expect(config.db.kind).toBe('sqlite');
  });

  it('stops the audit commands on a bad DATABASE_URL only', () => {
    expect(() => loadAuditConfig({ DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    const err = (() => {
      try {
        loadAuditConfig({ DATABASE_URL: 'mysql://x', SLACK_BOT_TOKEN: 'bad' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([expect.stringMatching(/^DATABASE_URL:/)]);
  });
});
