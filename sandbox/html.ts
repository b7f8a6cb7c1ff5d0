/**
 * The sandbox thread as a self-contained, Slack-like HTML page (no external assets), for docs/thread.png
 * (see sandbox/screenshot.ts). Emoji are Unicode: install a colour emoji font (Debian:
 * fonts-noto-color-emoji) before taking a screenshot, or they show as empty boxes.
 */
import { escapeHtml } from './mrkdwn.js';
import { blocksToHtml } from './render-blocks.js';
import type { RenderedMessage } from './thread.js';

export interface ThreadPage {
  readonly thread: readonly RenderedMessage[];
  readonly connectionName: string;
  /** Channel name shown in the header (without `#`). */
  readonly channelName?: string;
}

export const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f4f4f5;font:15px/1.46668 Lato,"Helvetica Neue",Helvetica,Arial,"Noto Color Emoji",sans-serif;color:#1d1c1d}
.pane{max-width:860px;margin:20px auto;background:#fff;border:1px solid #dddddd;border-radius:8px;overflow:hidden}
.top{display:flex;align-items:baseline;gap:10px;padding:14px 20px;border-bottom:1px solid #e8e8e8}
.top h1{font-size:18px;font-weight:900;margin:0}
.top .chan{color:#616061;font-size:14px}
.msg{display:flex;gap:10px;padding:10px 20px}
.avatar{flex:0 0 36px;height:36px;border-radius:6px;background:#1264a3;color:#fff;font-weight:900;font-size:14px;display:flex;align-items:center;justify-content:center}
.body{flex:1;min-width:0}
.who{font-weight:900}
.badge{font-size:10px;font-weight:700;color:#616061;background:#e8e8e8;border-radius:2px;padding:1px 4px;margin:0 4px;vertical-align:1px}
.time{color:#616061;font-size:12px}
.edited{color:#868686;font-size:12px;margin-left:4px}
.header{font-size:18px;font-weight:900;margin:4px 0 6px}
.section{margin:2px 0 6px;overflow-wrap:anywhere}
.fields{display:grid;grid-template-columns:1fr 1fr;gap:8px 24px;margin:4px 0}
.context{color:#616061;font-size:13px;margin:4px 0}
.context span+span::before{content:"  ·  ";white-space:pre}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:6px 0}
.btn{display:inline-block;border:1px solid #bbbabb;border-radius:4px;padding:3px 12px;font-weight:700;font-size:14px;background:#fff}
.btn.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.btn.danger{color:#e01e5a;border-color:#e01e5a}
code{font:12px/1.5 Monaco,Menlo,Consolas,"DejaVu Sans Mono",monospace;color:#e01e5a;background:#f8f8f8;border:1px solid #e1e1e1;border-radius:3px;padding:1px 3px}
.mention{color:#1264a3;background:rgba(29,155,209,.1);border-radius:3px;padding:0 2px}
a{color:#1264a3;text-decoration:none}
.replies{display:flex;align-items:center;gap:12px;padding:2px 20px 6px 66px;color:#616061;font-size:13px}
.replies::after{content:"";flex:1;border-top:1px solid #e8e8e8}
.before{margin:6px 0 2px;padding:6px 10px;border-left:3px solid #dddddd;background:#fafafa;opacity:.7;font-size:14px}
.before .label{color:#616061;font-size:12px;font-weight:700;margin-bottom:2px}
`;

const hhmm = (ms: number): string => new Date(ms).toISOString().slice(11, 16);

function message(m: RenderedMessage): string {
  const before = m.original
    ? `<div class="before"><div class="label">Before the edit</div>${blocksToHtml(m.original.blocks, m.original.text)}</div>`
    : '';
  return `<div class="msg"><div class="avatar">cb</div><div class="body">
<div><span class="who">celigo-bot</span><span class="badge">APP</span><span class="time">${hhmm(m.postedAt)} UTC</span>${
    m.edits ? '<span class="edited">(edited)</span>' : ''
  }</div>
${blocksToHtml(m.blocks, m.text)}
${before}</div></div>`;
}

export function threadHtml(page: ThreadPage): string {
  const [card, ...replies] = page.thread;
  const channel = escapeHtml(page.channelName ?? 'customers');
  const body = card
    ? `${message(card)}
<div class="replies">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</div>
${replies.map(message).join('\n')}`
    : '<p>No thread was posted.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Thread: ${escapeHtml(page.connectionName)}</title>
<style>${CSS}</style></head>
<body><div class="pane">
<div class="top"><h1>Thread</h1><span class="chan">#${channel} · ${escapeHtml(page.connectionName)}</span></div>
${body}
</div></body></html>
`;
}
