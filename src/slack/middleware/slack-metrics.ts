/**
 * Counts every Slack request (commands, actions, options, submissions) by type, name and outcome, and
 * times its ack. Bolt gives middleware a copy of `ack`, so the timing wraps the receiver's event instead:
 * from the moment Bolt is handed the request to the moment the listener acknowledges it.
 */
import type { App, ReceiverEvent } from '@slack/bolt';
import type { Metrics } from '../../metrics.js';
import { describeRequest } from './request-context.js';

/** Outcomes: `acked` (answered within the listener), `not_acked` (nothing acknowledged it), `error` (it threw). */
export function instrumentSlackRequests(app: App, metrics: Pick<Metrics, 'slackRequests' | 'slackAckSeconds'>): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    const { kind, id } = describeRequest(event.body);
    // Names are Slack's command and action ids and our own view callback ids: a small, fixed set.
    const labels = { type: kind, name: id ?? 'none' };
    const started = process.hrtime.bigint();
    let acked = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      if (!acked) {
        acked = true;
        metrics.slackAckSeconds.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      }
      return event.ack(response);
    };
    try {
      await processEvent({ ...event, ack });
      metrics.slackRequests.inc({ ...labels, outcome: acked ? 'acked' : 'not_acked' });
    } catch (err) {
      metrics.slackRequests.inc({ ...labels, outcome: 'error' });
      throw err;
    }
  };
}
