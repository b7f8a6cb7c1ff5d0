/** Safe mrkdwn from untrusted text: mentions, dates and URLs shown as code. */
import { clip, escapeMrkdwn } from '../domain/text.js';

export { clip, escapeMrkdwn };

/** Escaped and clipped, for mrkdwn text that holds user- or customer-supplied strings. */
export const safe = (s: string, n: number): string => {
  // Clip before escaping so an entity (`&amp;`) is never cut in half; escaping can grow the text, so
  // leave room: each escaped character adds at most 4.
  let out = escapeMrkdwn(clip(s, n));
  let budget = n;
  while (out.length > n && budget > 1) {
    budget = Math.floor(budget * 0.8);
    out = escapeMrkdwn(clip(s, budget));
  }
  return out;
};

const SLACK_USER_ID = /^[UW][A-Z0-9]{1,20}$/;

/** `<@U…>` for a real-looking user id; anything else is shown as escaped text (never a mention). */
export const mention = (userId: string | null | undefined): string =>
  userId && SLACK_USER_ID.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId ?? 'someone');

/** Slack renders `<!date^…>` in each reader's own time zone; the fallback is UTC. */
export function slackDate(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return escapeMrkdwn(String(iso));
  const unix = Math.floor(d.getTime() / 1000);
  const fallback = `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${unix}^{date_short_pretty} at {time}|${fallback}>`;
}

/** A URL shown as copyable code (never a clickable mrkdwn link built from untrusted text). */
export const codeUrl = (url: string): string => `\`${escapeMrkdwn(url.replace(/`/g, '%60'))}\``;

/** A URL as copyable code, or "not set": how every landing page and redirect URL is shown. */
export const urlOrNotSet = (v: string | null | undefined, max = 1200): string =>
  v ? codeUrl(clip(v, max)) : '_not set_';
