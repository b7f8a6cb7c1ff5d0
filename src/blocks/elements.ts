/** Small typed constructors for Block Kit objects, each respecting Slack's limits (docs/slack.md, "Block Kit limits"). */
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { clip } from './escape.js';

export const TEXT_MAX = 3000;
export const FIELD_MAX = 2000;
export const BUTTON_TEXT_MAX = 75;
export const BUTTON_VALUE_MAX = 2000;
export const BUTTON_URL_MAX = 3000;
export const HEADER_MAX = 150;
export const OPTION_TEXT_MAX = 75;
export const MESSAGE_BLOCKS_MAX = 50;

/** A message: `text` is the notification fallback (escaped mrkdwn), `blocks` what Slack shows. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** Plain text never parses links or mentions: the right home for customer labels and connection names. */
export const plain = (text: string, max = TEXT_MAX): PlainTextElement => ({
  type: 'plain_text',
  text: clip(text || ' ', max),
  emoji: true,
});

/**
 * Clips escaped mrkdwn: a cut inside an entity (`&amp;` → `&am…`) would leave a bare `&` that Slack reads as
 * markup, so a partial entity before the ellipsis is dropped with it.
 */
export const clipMrkdwn = (text: string, max: number): string =>
  text.length <= max ? text : clip(text, max).replace(/&[a-z]{0,3}…$/, '…');

/** Callers escape user text before it gets here; `verbatim` stops auto-linking of bare URLs and #channels. */
export const md = (text: string, max = TEXT_MAX): MrkdwnElement => ({
  type: 'mrkdwn',
  text: clipMrkdwn(text || ' ', max),
  verbatim: true,
});

export const section = (text: string, extra: Partial<SectionBlock> = {}): SectionBlock => ({
  type: 'section',
  text: md(text),
  ...extra,
});

export const plainSection = (text: string): SectionBlock => ({ type: 'section', text: plain(text) });

export const fields = (items: readonly string[]): SectionBlock => ({
  type: 'section',
  fields: items.slice(0, 10).map((t) => md(t, FIELD_MAX)),
});

export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, HEADER_MAX) });

export const context = (texts: readonly string[]): ContextBlock => ({
  type: 'context',
  elements: texts.slice(0, 10).map((t) => md(t)),
});

export const divider = (): DividerBlock => ({ type: 'divider' });

export const actions = (blockId: string, elements: readonly Button[]): ActionsBlock => ({
  type: 'actions',
  block_id: blockId,
  elements: elements.slice(0, 25),
});

export function button(opts: {
  text: string;
  actionId: string;
  value?: string;
  url?: string;
  style?: 'primary' | 'danger';
  /** A confirmation dialog before the click is sent (plain text). */
  confirm?: { title: string; text: string; confirm: string; deny: string };
}): Button {
  const b: Button = { type: 'button', text: plain(opts.text, BUTTON_TEXT_MAX), action_id: opts.actionId };
  if (opts.value !== undefined) b.value = opts.value.slice(0, BUTTON_VALUE_MAX);
  if (opts.url !== undefined) b.url = opts.url;
  if (opts.style !== undefined) b.style = opts.style;
  if (opts.confirm !== undefined) {
    b.confirm = {
      title: plain(opts.confirm.title, 100),
      text: plain(opts.confirm.text, 300),
      confirm: plain(opts.confirm.confirm, 30),
      deny: plain(opts.confirm.deny, 30),
    };
  }
  return b;
}

/** Keeps a message within Slack's block limit; the last block says how many were left out. */
export function capBlocks(blocks: KnownBlock[], max = MESSAGE_BLOCKS_MAX): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  kept.push(context([`…and ${blocks.length - kept.length} more not shown.`]));
  return kept;
}
