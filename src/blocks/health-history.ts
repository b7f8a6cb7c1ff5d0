/** The health-history part of `/celigo status`. */
import type { SectionBlock } from '@slack/types';
import type { HealthHistory } from '../services/status/health-history.js';
import { fields } from './elements.js';
import { slackDate } from './escape.js';

const when = (d: Date | null): string => (d ? slackDate(d) : '_never seen_');

export function healthSection(h: HealthHistory): SectionBlock {
  const counts = Object.entries(h.links30d)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([state, n]) => `${n} ${state}`)
    .join(', ');
  return fields([
    `*Last authorized*\n${when(h.lastAuthorized)}`,
    `*Last went offline*\n${when(h.lastWentOffline)}`,
    `*Last came back*\n${when(h.lastCameBack)}`,
    `*Links, last 30 days*\n${counts || 'none'}`,
  ]);
}
