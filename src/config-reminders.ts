import { z } from 'zod';
import { parseDuration } from './domain/duration.js';

/** LINK_REMIND_AFTER / LINK_REMIND_BEFORE_EXPIRY: a duration, or `off` (null) to disable that reminder. */
export const reminderSetting = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | null => {
      const raw = v?.trim() || fallback;
      if (raw.toLowerCase() === 'off') return null;
      const ms = parseDuration(raw);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'use a number and a unit, such as 90s, 15m, 24h or 2d, or off' });
        return z.NEVER;
      }
      return ms;
    });

export const REMINDER_SETTINGS = {
  LINK_REMIND_AFTER: reminderSetting('24h'),
  LINK_REMIND_BEFORE_EXPIRY: reminderSetting('6h'),
};

export interface ReminderTimes {
  /** Remind in the thread when a pending link is still unopened this long after creation; null = off. */
  readonly remindAfterMs: number | null;
  /** One more reminder this long before the link expires; null = off. */
  readonly remindBeforeExpiryMs: number | null;
}

export const reminderTimes = (e: { LINK_REMIND_AFTER: number | null; LINK_REMIND_BEFORE_EXPIRY: number | null }) =>
  ({ remindAfterMs: e.LINK_REMIND_AFTER, remindBeforeExpiryMs: e.LINK_REMIND_BEFORE_EXPIRY }) satisfies ReminderTimes;
