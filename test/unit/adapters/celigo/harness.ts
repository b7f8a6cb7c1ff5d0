import { Writable } from 'node:stream';
import { createCeligoGateway } from '../../../../src/adapters/celigo/index.js';
import { createLogger } from '../../../../src/logger.js';
import { type FakeCeligo, type FakeCeligoOptions, startFakeCeligo } from '../../../support/fake-celigo.js';

/** pino into memory (probot's MockLoggerTarget), so tests can read every log line. */
export function memoryLogger(level = 'debug') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination: stream }), lines, text: () => lines.join('') };
}

export interface Harness {
  fake: FakeCeligo;
  gateway: ReturnType<typeof createCeligoGateway>;
  logs: ReturnType<typeof memoryLogger>;
  calls: Array<{ method: string; route: string; status: number | 'error'; durationMs: number }>;
  close(): Promise<void>;
}

export async function startHarness(
  fakeOptions: FakeCeligoOptions = {},
  clientOptions: { timeoutMs?: number; maxRetries?: number; maxRetryDelayMs?: number; apiToken?: string } = {},
): Promise<Harness> {
  const fake = await startFakeCeligo(fakeOptions);
  const logs = memoryLogger();
  const calls: Harness['calls'] = [];
  const gateway = createCeligoGateway({
    baseUrl: fake.baseUrl,
    apiToken: clientOptions.apiToken ?? fake.token,
    timeoutMs: clientOptions.timeoutMs ?? 2000,
    maxRetries: clientOptions.maxRetries ?? 2,
    minRetryDelayMs: 5,
    maxRetryDelayMs: clientOptions.maxRetryDelayMs ?? 50,
    logger: logs.logger,
    onRequest: (info) => calls.push(info),
  });
  return {
    fake,
    gateway,
    logs,
    calls,
    close: async () => {
      await gateway.close();
      await fake.close();
    },
  };
}

/** A connection authorized through the fake, so GET shows masked tokens. */
export const OAUTH_WITH_ICLIENT = {
  // The app credentials live in an iClient, so an unauthorized connection holds no masked values.
  http: { _iClientId: '5f0a1b2c3d4e5f6a7b8c9d0e', auth: { oauth: { clientId: undefined, clientSecret: undefined } } },
};
