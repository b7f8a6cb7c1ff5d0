/**
 * Builds the Bolt app: HTTP mode by default (Bolt's request listener for POST /slack/events, mounted on the
 * app's own HTTP server by app.ts), Socket Mode when SLACK_APP_TOKEN is set (the same server still serves the
 * app's routes on HOST:PORT; Bolt's receiver serves nothing over HTTP).
 * Construction makes no network call: the bot's ids are looked up on the first request and cached.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authorize, App as BoltApp, HTTPReceiver as BoltHttpReceiver, Context, Receiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { errorNotice } from '../blocks/notice.js';
import type { Config } from '../config.js';
import { errorCode } from '../errors.js';
import { SLACK_BODY_LIMIT } from '../http/server.js';
import { type Logger, toBoltLogger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Services } from '../services/index.js';
import { countArrivals } from './arrivals.js';
import { App, HTTPReceiver, SocketModeReceiver } from './bolt.js';
import { commandLane } from './listeners/commands/celigo-command.js';
import { registerListeners } from './listeners/index.js';
import { requestContext } from './middleware/request-context.js';
import { instrumentSlackRequests } from './middleware/slack-metrics.js';
import { deferPostAckWork } from './post-ack-queue.js';
import { type SocketConnection, type SocketStartOptions, startSocket } from './socket-start.js';

export interface SlackAppDeps {
  readonly config: Config;
  readonly services: Services;
  readonly logger: Logger;
  /** Tests: `{ retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }`. */
  readonly clientOptions?: Partial<WebClientOptions>;
  readonly unhandledRequestTimeoutMillis?: number;
  /** Called when Slack says a user group changed (roles may name groups). */
  readonly onUserGroupChanged?: (groupId: string) => void;
  /** Slack request counters and ack latency. */
  readonly metrics?: Pick<Metrics, 'slackRequests' | 'slackAckSeconds' | 'trackPostAck'>;
  /** Socket Mode: which start failures mean Slack cannot be reached, and how soon to try again. */
  readonly socketStart: Omit<SocketStartOptions, 'logger'>;
}

export interface SlackApp {
  readonly app: BoltApp;
  /** A client with the bot token and the same options as the listeners' client. */
  readonly client: WebClient;
  /** HTTP mode: Bolt's listener for POST /slack/events (app.ts mounts it); null in Socket Mode. */
  readonly eventsListener: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  /** Slack requests are being read, or acknowledged work is waiting or running (background rounds step aside). */
  busy(): boolean;
  /**
   * Socket Mode: opens the WebSocket connection (apps.connections.open); if Slack cannot be reached it
   * resolves anyway and keeps trying in the background. HTTP mode: nothing to do.
   */
  start(): Promise<void>;
  stop(): Promise<void>;
}

interface ErrorBody {
  readonly user?: { readonly id?: string };
  readonly user_id?: string;
  readonly channel?: { readonly id?: string };
  readonly channel_id?: string;
  readonly type?: string;
}

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
  let httpReceiver: BoltHttpReceiver | undefined;
  if (config.slack.socketMode && config.slack.appToken) {
    // No customRoutes: given any, the receiver would start an HTTP server of its own on every interface.
    // clientOptions reach the client that calls apps.connections.open, so SLACK_API_URL (GovSlack, a test
    // double) is honoured there too.
    receiver = new SocketModeReceiver({
      appToken: config.slack.appToken,
      logger: boltLogger,
      installerOptions: { clientOptions: { ...deps.clientOptions, slackApiUrl: config.slack.apiUrl } },
    });
  } else {
    httpReceiver = new HTTPReceiver({
      signingSecret: config.slack.signingSecret ?? '',
      endpoints: '/slack/events',
      logger: boltLogger,
      processBeforeResponse: false,
      // Slack's payloads are a few KB; bodies are buffered before the signature check, so keep them small.
      bodyLimit: SLACK_BODY_LIMIT,
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
  // The work behind earlier acks waits while Slack requests are being read or answered.
  const arrivals = countArrivals(() => queue.wake());
  const queue = deferPostAckWork(app, {
    laneOf: commandLane(config),
    arriving: () => arrivals.arriving,
    lastArrivalAt: () => arrivals.lastArrivalAt,
    logger,
    ...(clientOptions.fetch ? { fetch: clientOptions.fetch } : {}),
  });
  if (deps.metrics) {
    instrumentSlackRequests(app, deps.metrics);
    deps.metrics.trackPostAck(queue);
  }
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

  let socket: SocketConnection | undefined;
  return {
    app,
    client,
    eventsListener: httpReceiver ? arrivals.wrap(httpReceiver.requestListener) : null,
    busy: () => arrivals.arriving > 0 || queue.waiting > 0 || queue.running > 0,
    async start() {
      if (!httpReceiver) socket = await startSocket(() => app.start(), { logger, ...deps.socketStart });
    },
    async stop() {
      await socket?.stop();
      if (!httpReceiver) await app.stop();
      // Commands acknowledged at the door have not reached the middleware yet: they still run.
      await queue.drain();
      accepting = false;
      await Promise.allSettled([...inFlight]);
    },
  };
}
