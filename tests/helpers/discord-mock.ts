/**
 * A small HTML mock of Discord's message view (dark theme) for visual tests: draws message content and embeds —
 * colour bar, linked title, description, fields (inline fields three to a row, stacked on a phone), footer and
 * timestamp — with the markdown subset raqib uses: **bold**, __underline__, *italic*, `code`, masked links
 * `[label](url)` / `[label](<url>)`, backslash escapes and `<t:…:f|R>` timestamps. It is an approximation of
 * Discord's layout (fonts, paddings and breaking rules as in its web client), not Discord itself.
 */
import { DateTime } from 'luxon';
import type { APIEmbed } from 'discord.js';
import type { DiscordMessagePayload } from '../../src/deliver/discord/discord-payload.js';

export interface MockMessage {
  /** A short id for screenshots and measurements. */
  label: string;
  payload: DiscordMessagePayload;
}

export interface MockOptions {
  /** The reader's clock, for relative timestamps. */
  now: Date;
  /** The reader's zone, for absolute timestamps. @defaultValue 'Asia/Baghdad' */
  timeZone?: string;
}

const escapeHtml = (text: string) =>
  text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

function relative(then: Date, now: Date): string {
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ];
  for (const [unit, size] of units)
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(seconds, 'second');
}

function timestamp(seconds: number, style: string, options: MockOptions): string {
  const date = new Date(seconds * 1000);
  const local = DateTime.fromJSDate(date, { zone: options.timeZone ?? 'Asia/Baghdad' }).setLocale('en');
  const text =
    style === 'R'
      ? relative(date, options.now)
      : style === 't'
        ? local.toFormat('HH:mm')
        : style === 'd'
          ? local.toFormat('dd/MM/yyyy')
          : style === 'D'
            ? local.toFormat('d LLLL yyyy')
            : style === 'F'
              ? local.toFormat('cccc, d LLLL yyyy HH:mm')
              : local.toFormat('d LLLL yyyy HH:mm');
  return `<span class="ts">${escapeHtml(text)}</span>`;
}

/** Discord markdown (the subset above) to HTML. */
export function markdown(text: string, options: MockOptions): string {
  const tokens: string[] = [];
  const token = (html: string) => `\uE000${tokens.push(html) - 1}\uE001`;
  let s = text.replace(/\\([^A-Za-z0-9\s])/gu, (_, c: string) => token(escapeHtml(c)));
  s = s.replace(/<t:(-?\d{1,13})(?::([tTdDfFR]))?>/gu, (_, n: string, style?: string) =>
    token(timestamp(Number(n), style ?? 'f', options)),
  );
  s = s.replace(/\[([^\]]+)\]\(<?(https?:\/\/[^\s)>]+)>?\)/gu, (_, label: string, url: string) =>
    token(`<a href="${escapeHtml(url)}">${inline(escapeHtml(label))}</a>`),
  );
  s = inline(escapeHtml(s));
  s = s.replace(/\n/gu, '<br>');
  for (let i = 0; i < 3; i++) s = s.replace(/\uE000(\d+)\uE001/gu, (_, n: string) => tokens[Number(n)] ?? '');
  return s;
}

function inline(html: string): string {
  return html
    .replace(/\*\*([^*]+?)\*\*/gu, '<strong>$1</strong>')
    .replace(/__([^_]+?)__/gu, '<u>$1</u>')
    .replace(/(?<![*\w])\*([^*\n]+?)\*(?![*\w])/gu, '<em>$1</em>')
    .replace(/`([^`]+)`/gu, '<code>$1</code>');
}

function embedHtml(embed: APIEmbed, options: MockOptions): string {
  const color = `#${(embed.color ?? 0x1e1f22).toString(16).padStart(6, '0')}`;
  const parts: string[] = [];
  if (embed.title) {
    const title = markdown(embed.title, options);
    parts.push(
      `<div class="title">${embed.url ? `<a href="${escapeHtml(embed.url)}">${title}</a>` : title}</div>`,
    );
  }
  if (embed.description) parts.push(`<div class="description">${markdown(embed.description, options)}</div>`);
  if (embed.fields?.length) {
    const fields = embed.fields
      .map(
        (f) =>
          `<div class="field${f.inline ? ' inline' : ''}"><div class="field-name">${markdown(f.name, options)}</div>` +
          `<div class="field-value">${markdown(f.value, options)}</div></div>`,
      )
      .join('');
    parts.push(`<div class="fields">${fields}</div>`);
  }
  if (embed.footer || embed.timestamp) {
    const when = embed.timestamp
      ? DateTime.fromISO(embed.timestamp, { zone: options.timeZone ?? 'Asia/Baghdad' })
          .setLocale('en')
          .toFormat('dd/MM/yyyy HH:mm')
      : null;
    const text = [embed.footer?.text ? escapeHtml(embed.footer.text) : null, when]
      .filter(Boolean)
      .join(' • ');
    parts.push(`<div class="footer">${text}</div>`);
  }
  return `<div class="embed" style="border-left-color:${color}">${parts.join('')}</div>`;
}

const CSS = `
* { box-sizing: border-box; }
body { margin: 0; background: #313338; color: #dbdee1; font: 16px/1.375 "gg sans", "Noto Sans", "DejaVu Sans", sans-serif; }
.msg { display: flex; gap: 16px; padding: 8px 16px 8px 16px; margin-bottom: 12px; }
.avatar { flex: none; width: 40px; height: 40px; border-radius: 50%; background: #5865f2; }
.body { flex: 1; min-width: 0; }
.head { font-weight: 600; color: #f2f3f5; } .head .bot { background:#5865f2; color:#fff; font-size:10px; padding:0 4px; border-radius:3px; margin-left:4px; }
.content { overflow-wrap: break-word; white-space: pre-wrap; }
.embed { background: #2b2d31; border-left: 4px solid; border-radius: 4px; padding: 8px 16px 16px 12px; margin-top: 4px;
  max-width: 520px; overflow-wrap: break-word; font-size: 14px; }
.title { font-weight: 600; font-size: 16px; margin-top: 8px; color: #f2f3f5; }
.description { margin-top: 8px; white-space: pre-wrap; }
.fields { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 8px; margin-top: 8px; }
.field { grid-column: span 12; min-width: 0; } .field.inline { grid-column: span 4; }
@media (max-width: 500px) { .field.inline { grid-column: span 12; } }
.field-name { font-weight: 600; color: #f2f3f5; margin-bottom: 2px; }
.field-value { white-space: pre-wrap; }
.footer { margin-top: 8px; font-size: 12px; color: #b5bac1; }
a { color: #00a8fc; text-decoration: none; }
.ts { background: rgba(255,255,255,.06); border-radius: 3px; padding: 0 2px; }
code { background: #1e1f22; padding: 0 2px; border-radius: 3px; font-size: 85%; }
`;

/** One page with every message, each in `<section class="msg" data-label=…>`. */
export function renderMessagesHtml(messages: MockMessage[], options: MockOptions): string {
  const body = messages
    .map(({ label, payload }) => {
      const content = payload.content
        ? `<div class="content">${markdown(payload.content, options)}</div>`
        : '';
      const embeds = payload.embeds.map((e) => embedHtml(e, options)).join('');
      return (
        `<section class="msg" data-label="${escapeHtml(label)}"><div class="avatar"></div><div class="body">` +
        `<div class="head">raqib<span class="bot">BOT</span></div>${content}${embeds}</div></section>`
      );
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head><body>${body}</body></html>`;
}
