/**
 * Block Kit (as the app sends it) → terminal lines or an HTML fragment. Covers the blocks and elements the
 * app uses: header, section (text, fields, accessory), context, actions (buttons), divider.
 */
import { escapeHtml, htmlStyle, paint, renderMrkdwn, renderPlainText, type Style, terminalStyle } from './mrkdwn.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A text object (`mrkdwn` or `plain_text`) rendered in the given style. */
function textObject(t: unknown, style: Style): string {
  if (!isObj(t)) return '';
  return t['type'] === 'plain_text' ? renderPlainText(str(t['text']), style) : renderMrkdwn(str(t['text']), style);
}

const buttonText = (el: Json, style: Style): string => textObject(el['text'], style) || 'Button';

/** A field is usually `*Label*\nvalue`: shown as `Label: value` on one line in the terminal. */
function fieldLine(f: unknown, style: Style): string {
  const raw = isObj(f) ? str(f['text']) : '';
  const m = /^\*([^*\n]+)\*\n([\s\S]*)$/.exec(raw);
  if (m && isObj(f) && f['type'] !== 'plain_text') {
    return `${style.bold(renderMrkdwn(m[1] ?? '', style))}: ${renderMrkdwn((m[2] ?? '').replace(/\n/g, ' '), style)}`;
  }
  return textObject(f, style).replace(/\n/g, ' ');
}

function elementLabel(el: unknown, style: Style): string {
  if (!isObj(el)) return '';
  switch (el['type']) {
    case 'button':
      return `[ ${buttonText(el, style)} ]`;
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select':
      return `[ ${textObject(el['placeholder'], style) || 'Choose'} ▾ ]`;
    case 'overflow':
      return '[ ⋯ ]';
    case 'image':
      return str(el['alt_text']);
    default:
      return textObject(el, style);
  }
}

/** Terminal lines for a message. Falls back to the message text when it has no blocks. */
export function blocksToLines(blocks: readonly unknown[], fallback: string, color: boolean): string[] {
  const style = terminalStyle(color);
  if (blocks.length === 0) return renderMrkdwn(fallback, style).split('\n');
  const lines: string[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    switch (b['type']) {
      case 'header':
        lines.push(paint(color, 'bold', textObject(b['text'], style)));
        break;
      case 'section': {
        if (b['text']) lines.push(...textObject(b['text'], style).split('\n'));
        if (Array.isArray(b['fields'])) for (const f of b['fields']) lines.push(fieldLine(f, style));
        if (isObj(b['accessory'])) lines.push(elementLabel(b['accessory'], style));
        break;
      }
      case 'context': {
        const parts = Array.isArray(b['elements']) ? b['elements'].map((e) => elementLabel(e, style)) : [];
        lines.push(paint(color, 'dim', parts.filter(Boolean).join(' · ')));
        break;
      }
      case 'actions': {
        const els = Array.isArray(b['elements']) ? b['elements'].map((e) => elementLabel(e, style)) : [];
        lines.push(els.join('  '));
        break;
      }
      case 'divider':
        lines.push('─'.repeat(32));
        break;
      default:
        if (b['text']) lines.push(...textObject(b['text'], style).split('\n'));
    }
  }
  return lines;
}

function htmlElement(el: unknown): string {
  if (!isObj(el)) return '';
  if (el['type'] === 'button') {
    const cls = el['style'] === 'primary' ? 'btn primary' : el['style'] === 'danger' ? 'btn danger' : 'btn';
    return `<span class="${cls}">${buttonText(el, htmlStyle)}</span>`;
  }
  return `<span class="btn">${escapeHtml(elementLabel(el, terminalStyle(false)))}</span>`;
}

/** An HTML fragment for a message, styled by the classes in html.ts. */
export function blocksToHtml(blocks: readonly unknown[], fallback: string): string {
  if (blocks.length === 0) return `<div class="section">${renderMrkdwn(fallback, htmlStyle)}</div>`;
  const out: string[] = [];
  for (const b of blocks) {
    if (!isObj(b)) continue;
    switch (b['type']) {
      case 'header':
        out.push(`<div class="header">${textObject(b['text'], htmlStyle)}</div>`);
        break;
      case 'section': {
        const parts: string[] = [];
        if (b['text']) parts.push(`<div>${textObject(b['text'], htmlStyle)}</div>`);
        if (Array.isArray(b['fields'])) {
          parts.push(
            `<div class="fields">${b['fields'].map((f) => `<div class="field">${textObject(f, htmlStyle)}</div>`).join('')}</div>`,
          );
        }
        if (isObj(b['accessory'])) parts.push(htmlElement(b['accessory']));
        out.push(`<div class="section">${parts.join('')}</div>`);
        break;
      }
      case 'context': {
        const els = Array.isArray(b['elements']) ? b['elements'] : [];
        out.push(
          `<div class="context">${els.map((e) => `<span>${isObj(e) && e['type'] !== 'image' ? textObject(e, htmlStyle) : ''}</span>`).join('')}</div>`,
        );
        break;
      }
      case 'actions': {
        const els = Array.isArray(b['elements']) ? b['elements'] : [];
        out.push(`<div class="actions">${els.map(htmlElement).join('')}</div>`);
        break;
      }
      case 'divider':
        out.push('<hr>');
        break;
      default:
        if (b['text']) out.push(`<div class="section">${textObject(b['text'], htmlStyle)}</div>`);
    }
  }
  return out.join('\n');
}
