/**
 * Doctor: is Slack delivering app_home_opened? A bot token cannot read the app's event subscriptions, so
 * the check uses what the app itself recorded: every Home tab opening is stored, and one stored opening
 * proves the subscription works.
 */
import { openStorage } from '../../adapters/storage/index.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../logger.js';

export interface EventsCheckLine {
  readonly status: 'pass' | 'skip';
  readonly text: string;
  readonly fix?: string;
}

export async function checkHomeEvents(config: Config, logger: Logger): Promise<EventsCheckLine> {
  let storage: Awaited<ReturnType<typeof openStorage>> | undefined;
  try {
    storage = await openStorage(config.db, logger);
    const last = await storage.home.lastOpened();
    if (last) {
      return { status: 'pass', text: `Slack events: app_home_opened received (last ${last.toISOString()})` };
    }
    // Not a failure: a new install has simply not been opened yet.
    return {
      status: 'skip',
      text: 'Slack events: no app_home_opened received yet, so the Home tab subscription is unproven',
      fix: 'open the app’s Home tab in Slack once; if it stays empty, enable the Home tab and subscribe to app_home_opened (App Home and Event Subscriptions, or update the app from slack-manifest.yml)',
    };
  } catch {
    // The database check above already reports why the database cannot be opened.
    return { status: 'skip', text: 'Slack events: not checked (the database could not be opened)' };
  } finally {
    await storage?.close().catch(() => undefined);
  }
}
