/**
 * Builds the Bolt app: HTTP mode by default (POST /slack/events plus the app's own routes on one server),
 * Socket Mode when SLACK_APP_TOKEN is set (the routes are then still served over HTTP on PORT, SPEC §3).
 * Construction makes no network call: the bot's ids are looked up on the first request and cached.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  App,
  type Authorize,
  type Context,
  type CustomRoute,
  HTTPReceiver,
  type Receiver,
  SocketModeReceiver,
} from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { errorNotice } from '../blocks/notice.js';
import type { Config } from '../config.js';
import { type Logger, toBoltLogger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Services } from '../services/contracts.js';
import { registerListeners } from './listeners/index.js';
import { requestContext } from './middleware/request-context.js';
import { instrumentSlackRequests } from './middleware/slack-metrics.js';

export interface SlackAppDeps {
  readonly config: Config;
  readonly services: Services;
  readonly logger: Logger;
  /** From src/http (health, link page, relay…), served by the same HTTP server. */
  readonly customRoutes: CustomRoute[];
  /** Tests: `{ retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }`. */
  readonly clientOptions?: Partial<WebClientOptions>;
  readonly unhandledRequestTimeoutMillis?: number;
  /** Called when Slack says a user group changed (roles may name groups). */
  readonly onUserGroupChanged?: (groupId: string) => void;
  /** Slack request counters and ack latency. */
  readonly metrics?: Pick<Metrics, 'slackRequests' | 'slackAckSeconds'>;
}

export interface SlackApp {
  readonly app: App;
  /** A client with the bot token and the same options as the listeners' client. */
  readonly client: WebClient;
  /** Starts listening; resolves to the bound HTTP port (the real one when PORT=0). */
  start(): Promise<number>;
  stop(): Promise<void>;
}

interface ErrorBody {
  readonly user?: { readonly id?: string };
  readonly user_id?: string;
  readonly channel?: { readonly id?: string };
  readonly channel_id?: string;
  readonly type?: string;
}

const errorCode = (err: unknown): string | undefined => {
  const data = (err as { data?: { error?: unknown } }).data;
  const code = (err as { code?: unknown }).code;
  return typeof data?.error === 'string' ? data.error : typeof code === 'string' ? code : undefined;
};

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const { config, logger } = deps;
  const boltLogger = toBoltLogger(logger.child({ component: 'bolt' }));
  const clientOptions: WebClientOptions = {
    ...deps.clientOptions,
    slackApiUrl: config.slack.apiUrl,
    logger: boltLogger,
  };
  const client = new WebClient(config.slack.botToken, clientOptions);

  // Bolt would call auth.test in its constructor (or on every request with tokenVerificationEnabled off).
  // We ask once, lazily, and keep the answer; if Slack is unreachable the request still runs without ids
  // (they only matter for ignoring the app's own events, which this app does not subscribe to).
  let botIds: Promise<{ botId?: string; botUserId?: string }> | undefined;
  const authorize: Authorize<boolean> = async () => {
    botIds ??= client.auth.test().then(
      (r) => ({ ...(r.bot_id ? { botId: r.bot_id } : {}), ...(r.user_id ? { botUserId: r.user_id } : {}) }),
      (err: unknown) => {
        botIds = undefined;
        logger.warn({ code: errorCode(err) }, 'auth.test failed; continuing without the bot ids.');
        return {};
      },
    );
    return { botToken: config.slack.botToken, ...(await botIds) };
  };

  let receiver: Receiver;
  let httpReceiver: HTTPReceiver | undefined;
  if (config.slack.socketMode && config.slack.appToken) {
    receiver = new SocketModeReceiver({
      appToken: config.slack.appToken,
      logger: boltLogger,
      customRoutes: deps.customRoutes,
      installerOptions: { port: config.http.port },
    });
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret ?? '',
      endpoints: '/slack/events',
      customRoutes: deps.customRoutes,
      logger: boltLogger,
      processBeforeResponse: false,
      ...(deps.unhandledRequestTimeoutMillis === undefined
        ? {}
        : { unhandledRequestTimeoutMillis: deps.unhandledRequestTimeoutMillis }),
    });
    receiver = httpReceiver;
  }

  const app = new App({
    receiver,
    authorize,
    logger: boltLogger,
    clientOptions,
    convoStore: false,
    extendedErrorHandler: true,
  });

  // Work continues after ack(); remember it so stop() (SIGTERM) can let it finish instead of cutting it off.
  const inFlight = new Set<Promise<void>>();
  let accepting = true;
  app.use(async ({ next }) => {
    if (!accepting) return;
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  if (deps.metrics) instrumentSlackRequests(app, deps.metrics);
  app.use(requestContext(logger));
  registerListeners(app, { config, services: deps.services, logger, onUserGroupChanged: deps.onUserGroupChanged });

  // One place for unexpected failures: log with a reference, and tell the user (who would otherwise see
  // nothing, since the ack has usually been sent already). No payload, token or URL is logged.
  app.error(async ({ error, body, context }: { error: Error; body: unknown; context: Context }) => {
    const ref = randomUUID().slice(0, 8);
    const b = (body ?? {}) as ErrorBody;
    const original = (error as { original?: unknown }).original ?? error;
    logger.error(
      { err: original, ref, code: errorCode(original), kind: b.type ?? 'command', requestId: context['requestId'] },
      'Slack request failed.',
    );
    const userId = b.user?.id ?? b.user_id;
    const channelId = b.channel?.id ?? b.channel_id;
    if (!userId) return;
    const m = errorNotice(
      `Something went wrong on our side (reference ${ref}). Try again, or tell an admin the reference.`,
    );
    try {
      if (channelId)
        await client.chat.postEphemeral({ channel: channelId, user: userId, text: m.text, blocks: m.blocks });
      else await client.chat.postMessage({ channel: userId, text: m.text, blocks: m.blocks });
    } catch (err) {
      logger.warn({ ref, code: errorCode(err) }, 'Could not tell the user about the failure.');
    }
  });

  return {
    app,
    client,
    async start() {
      if (httpReceiver) {
        const server = await httpReceiver.start({ port: config.http.port, host: config.http.host });
        return (server.address() as AddressInfo).port;
      }
      await app.start();
      return config.http.port;
    },
    async stop() {
      accepting = false;
      await app.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
