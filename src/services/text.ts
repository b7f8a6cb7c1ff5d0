/** Small text helpers shared by the use cases. */

/** Escapes user text for Slack mrkdwn (`&`, `<`, `>`). */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Replaces anything that looks like a URL, so a line can never carry a link or a token in one. */
export const stripUrls = (s: string): string => s.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, '[url]');

/** Removes control characters (C0, DEL, C1) and trims. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
export const cleanText = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();

export const clip = (s: string, max: number): string => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);
