/**
 * Composition root: the only place that builds concrete adapters and wires them to the services,
 * the Slack app and the HTTP routes. main.ts (production), the CLI and the test harness all start here.
 */

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { createCeligoGateway } from './adapters/celigo/index.js';
import { createOutboxWorker } from './adapters/slack/outbox-worker.js';
import { createSlackDirectory } from './adapters/slack/slack-directory.js';
import { slackUnreachable } from './adapters/slack/slack-errors.js';
import { createSlackFetch } from './adapters/slack/slack-fetch.js';
import { openStorage } from './adapters/storage/index.js';
import { homeView } from './blocks/home-view.js';
import type { Config } from './config.js';
import { DEFAULT_ACCOUNT } from './domain/account.js';
import { createHttpRoutes } from './http/routes.js';
import { close, createHttpServer, listen } from './http/server.js';
import { createLogger, type Logger, toBoltLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import type { CeligoGateway } from './ports/celigo-gateway.js';
import { type Clock, systemClock } from './ports/clock.js';
import type { Storage } from './ports/storage.js';
import { createAccountRouter } from './services/accounts/account-router.js';
import type { Services } from './services/index.js';
import { createHousekeeper, createPoller, createServices } from './services/index.js';
import { createSlackApp, type SlackApp } from './slack/create-slack-app.js';

export interface AppOverrides {
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Tests: `{ retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }`. */
  readonly slackClientOptions?: Partial<WebClientOptions>;
  readonly outbox?: { intervalMs?: number; leaseMs?: number; maxAttempts?: number; minRetryDelayMs?: number };
  readonly celigo?: { minRetryDelayMs?: number };
  /** Socket Mode: delays between tries while Slack cannot be reached at start. */
  readonly socketRetry?: { firstDelayMs?: number; maxDelayMs?: number };
  readonly rateLimitPerMinute?: number;
  /** Start the outbox worker (default true). */
  readonly startWorker?: boolean;
  /** Start the polling loop (default true). Tests often drive `services.completion.pollOnce()` themselves. */
  readonly startPoller?: boolean;
}

export interface RunningApp {
  readonly config: Config;
  readonly logger: Logger;
  readonly services: Services;
  readonly storage: Storage;
  readonly slack: SlackApp;
  /** The bound HTTP port (PORT, or the one picked for PORT=0). */
  readonly port: number;
  readonly worker: ReturnType<typeof createOutboxWorker>;
  readonly poller: ReturnType<typeof createPoller>;
  /** SIGTERM path: stop taking new work, finish what is in flight, close connections. */
  stop(): Promise<void>;
}

export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<RunningApp> {
  const logger = overrides.logger ?? createLogger({ level: config.log.level });
  const clock = overrides.clock ?? systemClock;
  const storage = await openStorage(config.db, logger.child({ module: 'storage' }), { backgroundCheckpoints: true });
  const metrics = createMetrics({ storage });

  const gateways = config.celigo.accounts.map((account) =>
    createCeligoGateway({
      baseUrl: account.baseUrl,
      apiToken: account.apiToken,
      timeoutMs: config.celigo.timeoutMs,
      maxRetries: config.celigo.maxRetries,
      logger: logger.child({ module: 'celigo', account: account.name }),
      ...(overrides.celigo?.minRetryDelayMs === undefined ? {} : { minRetryDelayMs: overrides.celigo.minRetryDelayMs }),
      onRequest: ({ method, route, status, durationMs }) =>
        metrics.celigoRequests.observe(
          { account: account.name, method, route, status: String(status) },
          durationMs / 1000,
        ),
    }),
  );
  const { gateway: celigo, accounts } = createAccountRouter(
    config.celigo.accounts.map((account, i) => ({
      info: { name: account.name, region: account.region, host: new URL(account.baseUrl).host },
      gateway: gateways[i] as CeligoGateway,
    })),
  );

  // Every Slack client shares one fetch on one keep-alive agent (docs/slack.md, "Outbound calls").
  const slackFetch = createSlackFetch();
  // Outbound Slack traffic (outbox delivery, user-group lookups) has its own client: the outbox does its
  // own retries, so the client must not also retry for half an hour (docs/slack.md, "Rate limits").
  const outboundClient = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    fetch: slackFetch,
    logger: toBoltLogger(logger.child({ module: 'slack-web' })),
    retryConfig: { retries: 0 },
    timeout: 15_000,
    ...overrides.slackClientOptions,
  });
  const directory = createSlackDirectory(outboundClient, {
    ttlMs: 60_000,
    logger: logger.child({ module: 'directory' }),
  });
  // The Slack app is built on the services, and background rounds ask it whether people are waiting.
  let slackBusy = () => false;
  const services = createServices({
    config,
    storage,
    celigo,
    accounts,
    directory,
    clock,
    logger: logger.child({ module: 'services' }),
    foreground: () => slackBusy(),
  });

  const routes = createHttpRoutes({
    config,
    services,
    metrics,
    logger: logger.child({ module: 'http' }),
    readiness: {
      storage,
      checkSlack: async () => {
        await outboundClient.auth.test();
      },
      celigoAccounts: accounts.names,
      checkCeligo: async (account) => {
        await accounts.tokenInfo(account ?? DEFAULT_ACCOUNT);
      },
    },
    rateLimit: { perMinute: overrides.rateLimitPerMinute ?? 60, trustedProxyHops: config.http.trustedProxyHops },
  });

  const slack = createSlackApp({
    config,
    services,
    logger: logger.child({ module: 'slack' }),
    onUserGroupChanged: (groupId) => directory.invalidate(groupId),
    metrics,
    socketStart: {
      unreachable: slackUnreachable,
      ...overrides.socketRetry,
    },
    clientOptions: {
      retryConfig: { retries: 2 },
      timeout: 10_000,
      fetch: slackFetch,
      ...overrides.slackClientOptions,
    },
  });
  slackBusy = slack.busy;
  // One server for both modes, bound to HOST:PORT: the app's routes, plus Slack's requests in HTTP mode.
  const server = createHttpServer({
    routes,
    logger: logger.child({ module: 'http' }),
    onUnhandled: (route, status) => metrics.httpRequests.inc({ route, status: String(status) }),
    ...(slack.eventsListener ? { slackEvents: slack.eventsListener } : {}),
  });
  const port = await listen(server, config.http.port, config.http.host);
  try {
    await slack.start();
  } catch (err) {
    await close(server);
    throw err;
  }

  const worker = createOutboxWorker({
    storage,
    client: outboundClient,
    logger: logger.child({ module: 'outbox' }),
    clock,
    owner: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    config,
    onDelivery: (result) => metrics.outboxDeliveries.inc({ result }),
    homeView: async (teamId, userId) => homeView(await services.home.data(teamId, userId)),
    ...overrides.outbox,
  });
  const poller = createPoller({
    completion: services.completion,
    intervalMs: config.links.pollIntervalMs,
    logger: logger.child({ module: 'poller' }),
  });
  const housekeeper = createHousekeeper({ storage, clock, logger, auditChannelId: config.audit.channelId });
  if (overrides.startWorker !== false) {
    worker.start();
    // Deliver what a request just enqueued now; the interval stays as the fallback (other replicas, retries).
    storage.onOutboxEnqueued(() => worker.wake());
  }
  if (overrides.startPoller !== false) {
    poller.start();
    housekeeper.start();
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      // Order matters: stop accepting Slack/HTTP requests, let background loops finish their round,
      // then close the clients and the database they were using.
      await close(server);
      await slack.stop().catch((err: unknown) => logger.warn({ err }, 'Slack app did not stop cleanly.'));
      await poller.stop();
      await housekeeper.stop();
      await worker.stop();
      await Promise.all(gateways.map((g) => g.close()));
      await storage.close();
    })();
    return stopping;
  };

  return { config, logger, services, storage, slack, port, worker, poller, stop };
}
