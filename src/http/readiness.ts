/**
 * `/readyz` checks: the database on every probe; the Slack and Celigo tokens cached, so a probe every few
 * seconds does not turn into API traffic (and, for Celigo, into the account-wide rate limit).
 */

export type CheckStatus = 'ok' | 'failed';

export interface ReadinessReport {
  readonly database: CheckStatus;
  readonly slack: CheckStatus;
  /** With several accounts, `degraded` when some (not all) accounts failed: the others keep working. */
  readonly celigo: CheckStatus | 'degraded';
  /** Each Celigo account's token check; present only when the app serves more than one account. */
  readonly accounts?: Readonly<Record<string, CheckStatus>>;
}

export interface ReadinessChecks {
  readonly storage: { ping(): Promise<void> };
  checkSlack(): Promise<void>;
  /** Checks one account's token (the only one when `celigoAccounts` is absent). */
  checkCeligo(account?: string): Promise<void>;
  readonly celigoAccounts?: readonly string[];
}

export interface ReadinessOptions {
  /** How long a passed token check is trusted. */
  readonly okTtlMs?: number;
  /** How long a failed token check is remembered (shorter, so recovery shows quickly). */
  readonly failedTtlMs?: number;
  /** A check that takes longer than this counts as failed. */
  readonly timeoutMs?: number;
  readonly now?: () => number;
  /** Told about each failed check (name and error), for logging. */
  readonly onFailure?: (check: keyof ReadinessReport, err: unknown) => void;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
}

export function createReadiness(checks: ReadinessChecks, opts: ReadinessOptions = {}): Readiness {
  const okTtl = opts.okTtlMs ?? 60_000;
  const failedTtl = opts.failedTtlMs ?? 10_000;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const now = opts.now ?? Date.now;

  const run = async (name: keyof ReadinessReport, fn: () => Promise<void>): Promise<CheckStatus> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${name} check timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return 'ok';
    } catch (err) {
      opts.onFailure?.(name, err);
      return 'failed';
    } finally {
      clearTimeout(timer);
    }
  };

  const cached = (name: 'slack' | 'celigo', fn: () => Promise<void>): (() => Promise<CheckStatus>) => {
    let last: { status: CheckStatus; at: number } | undefined;
    let inflight: Promise<CheckStatus> | undefined;
    return () => {
      const t = now();
      if (last && t - last.at < (last.status === 'ok' ? okTtl : failedTtl)) return Promise.resolve(last.status);
      // Concurrent probes share one call.
      inflight ??= run(name, fn).then((status) => {
        last = { status, at: now() };
        inflight = undefined;
        return status;
      });
      return inflight;
    };
  };

  const slack = cached('slack', () => checks.checkSlack());
  const names = checks.celigoAccounts ?? [];
  const perAccount = (names.length > 1 ? names : []).map((account) =>
    cached('celigo', () => checks.checkCeligo(account)),
  );
  const celigo = cached('celigo', () => checks.checkCeligo(names[0]));

  return {
    async check() {
      const [database, slackStatus, celigoStatus, accountStatus] = await Promise.all([
        run('database', () => checks.storage.ping()),
        slack(),
        names.length > 1 ? Promise.resolve('ok' as const) : celigo(),
        Promise.all(perAccount.map((c) => c())),
      ]);
      if (names.length <= 1) return { database, slack: slackStatus, celigo: celigoStatus };
      const accounts = Object.fromEntries(names.map((n, i) => [n, accountStatus[i] ?? 'failed']));
      const failed = accountStatus.filter((s) => s === 'failed').length;
      const overall = failed === 0 ? 'ok' : failed === names.length ? 'failed' : 'degraded';
      return { database, slack: slackStatus, celigo: overall, accounts };
    },
  };
}
