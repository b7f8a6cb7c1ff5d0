/**
 * Lenient settings for operator commands. `audit export` and `audit verify` need only the database, so a
 * missing Slack or Celigo token must not stop them; `doctor` wants to check everything it can even when
 * some settings are wrong. Both still go through loadConfig (the only reader of the environment's meaning).
 */
import { type Config, loadConfig } from '../config.js';
import { ConfigError } from '../errors.js';

export interface LenientConfig {
  /** A complete Config; variables named in `problems` were replaced by defaults or placeholders. */
  readonly config: Readonly<Config>;
  /** Every problem loadConfig reported (empty when the settings are valid). */
  readonly problems: readonly string[];
  /** Names of the variables those problems are about. */
  readonly badVariables: ReadonlySet<string>;
}

/**
 * Placeholders for required secrets, so the rest of the settings can still be read. They are never sent
 * anywhere: callers skip every check that involves a variable named in `badVariables`.
 */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  SLACK_BOT_TOKEN: 'xoxb-placeholder',
  SLACK_SIGNING_SECRET: 'placeholder',
  CELIGO_API_TOKEN: 'placeholder',
};

const variableOf = (problem: string): string => /^([A-Z][A-Z0-9_]*):/.exec(problem)?.[1] ?? 'settings';

export function loadConfigLeniently(env: NodeJS.ProcessEnv): LenientConfig {
  try {
    return { config: loadConfig(env), problems: [], badVariables: new Set() };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const badVariables = new Set(err.problems.map(variableOf));
    const patched: NodeJS.ProcessEnv = { ...env };
    for (const name of badVariables) delete patched[name];
    for (const [name, value] of Object.entries(PLACEHOLDERS)) {
      if (patched[name] === undefined || patched[name]?.trim() === '') patched[name] = value;
    }
    // A second failure would mean a problem we cannot attribute to one variable: report the original.
    try {
      return { config: loadConfig(patched), problems: err.problems, badVariables };
    } catch {
      throw err;
    }
  }
}

/** Settings that the audit commands depend on: the database location and the chain's key. */
const AUDIT_VARIABLES = new Set(['DATABASE_URL', 'AUDIT_KEY']);

/**
 * Config for `audit export` / `audit verify`: throws a ConfigError only for problems with the database
 * setting; Slack, Celigo and other settings are not needed to read the audit log.
 */
export function loadAuditConfig(env: NodeJS.ProcessEnv): Readonly<Config> {
  const { config, problems } = loadConfigLeniently(env);
  const relevant = problems.filter((p) => AUDIT_VARIABLES.has(variableOf(p)));
  if (relevant.length) throw new ConfigError(relevant);
  return config;
}
