/**
 * Prometheus metrics (`GET /metrics`). One Registry per app instance rather than prom-client's
 * global one, so tests and several apps in one process do not share or double-register metrics.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { LinkStore, Outbox } from './ports/storage.js';

export const METRICS_PREFIX = 'celigo_bot_';

export interface Metrics {
  readonly registry: Registry;
  /** Every Celigo API call: method, route template (`/v1/connections/:id`, never a real id or URL), status. */
  readonly celigoRequests: Histogram<'account' | 'method' | 'route' | 'status'>;
  /** Non-Slack HTTP requests served by the app, by route template (never the token) and status. */
  readonly httpRequests: Counter<'route' | 'status'>;
  /** Arrivals at the return relay: `matched` a pending link or `unmatched` (counted only, never audited). */
  readonly relayArrivals: Counter<'outcome'>;
  /** Outbox delivery attempts: `sent`, `retry` (will try again) or `dead` (gave up). */
  readonly outboxDeliveries: Counter<'result'>;
  /** Slack requests by type (command, action, options, view), name (command or action/callback id) and outcome. */
  readonly slackRequests: Counter<'type' | 'name' | 'outcome'>;
  /** Time from receiving a Slack request to acknowledging it (Slack gives up after 3 s). */
  readonly slackAckSeconds: Histogram<'type' | 'name'>;
  /** Reports the post-ack line of this process (`celigo_bot_slack_post_ack{state}`) at scrape time. */
  trackPostAck(line: { readonly waiting: number; readonly running: number }): void;
}

export interface MetricsOptions {
  /** The app's Storage fits; only these two reads are made, at scrape time. */
  readonly storage: { readonly outbox: Pick<Outbox, 'stats'>; readonly links: Pick<LinkStore, 'countOpen'> };
}

export function createMetrics(opts: MetricsOptions): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: METRICS_PREFIX });

  const celigoRequests = new Histogram({
    name: `${METRICS_PREFIX}celigo_request_duration_seconds`,
    help: 'Celigo integrator.io API calls, by account, method, route template and status (or error kind).',
    labelNames: ['account', 'method', 'route', 'status'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const httpRequests = new Counter({
    name: `${METRICS_PREFIX}http_requests_total`,
    help: 'Requests to the health, metrics, customer link and relay routes, by route template and status.',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const relayArrivals = new Counter({
    name: `${METRICS_PREFIX}relay_arrivals_total`,
    help: 'Arrivals at the return relay: matched a pending link, or unmatched (not audited or posted).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const outboxDeliveries = new Counter({
    name: `${METRICS_PREFIX}outbox_deliveries_total`,
    help: 'Slack outbox delivery attempts by result (sent, retry, dead).',
    labelNames: ['result'] as const,
    registers: [registry],
  });

  const slackRequests = new Counter({
    name: `${METRICS_PREFIX}slack_requests_total`,
    help: 'Slack commands, actions, options requests and view submissions by type, name and outcome (acked, not_acked, error).',
    labelNames: ['type', 'name', 'outcome'] as const,
    registers: [registry],
  });
  const slackAckSeconds = new Histogram({
    name: `${METRICS_PREFIX}slack_ack_seconds`,
    help: 'Time from receiving a Slack request to acknowledging it; Slack gives up after 3 s.',
    labelNames: ['type', 'name'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 3, 5],
    registers: [registry],
  });

  // Per process, unlike the stored gauges below: each replica has its own line.
  let postAck: { readonly waiting: number; readonly running: number } | null = null;
  new Gauge({
    name: `${METRICS_PREFIX}slack_post_ack`,
    help: 'Acknowledged Slack requests in this process waiting for their turn (waiting) or doing their work (running).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      if (!postAck) return;
      this.set({ state: 'waiting' }, postAck.waiting);
      this.set({ state: 'running' }, postAck.running);
    },
  });

  // Gauges are read from the database at scrape time, so every replica reports the shared truth.
  // A failing query keeps the last value instead of failing the whole /metrics page (readiness reports the DB).
  const storedGauge = (name: string, help: string, read: () => Promise<number>) =>
    new Gauge({
      name: `${METRICS_PREFIX}${name}`,
      help,
      registers: [registry],
      async collect() {
        const value = await read().catch(() => null);
        if (value !== null) this.set(value);
      },
    });
  storedGauge('outbox_pending', 'Slack messages waiting in the outbox for delivery.', async () => {
    return (await opts.storage.outbox.stats()).pending;
  });
  storedGauge('outbox_dead', 'Slack messages the outbox gave up on after too many attempts.', async () => {
    return (await opts.storage.outbox.stats()).dead;
  });
  storedGauge('links_open', 'Customer authorization links still pending.', () => opts.storage.links.countOpen());

  return {
    registry,
    celigoRequests,
    httpRequests,
    relayArrivals,
    outboxDeliveries,
    slackRequests,
    slackAckSeconds,
    trackPostAck(line) {
      postAck = line;
    },
  };
}
