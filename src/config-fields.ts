/** zod building blocks for config.ts: comma lists, optional values, URLs, Slack ID lists, durations. */
import { z } from 'zod';
import { parseDuration } from './domain/duration.js';

export const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export const optional = (s: string | undefined): string | undefined =>
  s === undefined || s.trim() === '' ? undefined : s.trim();

export const httpUrl = (v: string) => {
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
};

export const idList = (name: string, pattern: RegExp, what: string) =>
  z
    .string()
    .optional()
    .transform(list)
    .superRefine((ids, ctx) => {
      const bad = ids.filter((id) => !pattern.test(id));
      // Slack IDs are not secrets, so naming the bad entries helps the operator fix them.
      if (bad.length)
        ctx.addIssue({
          code: 'custom',
          message: `${name}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${what}`,
        });
    });

export const durationSetting = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const ms = parseDuration(optional(v) ?? fallback);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'use a number and a unit, such as 90s, 15m, 72h or 7d' });
        return z.NEVER;
      }
      return ms;
    });
