/**
 * Plain-text renderings for the console, used when no Discord destination is configured (and by the demo): an alert
 * from its view (headline, outlet · language · absolute and relative time, lead, the plain-words why line, link,
 * other outlets), and any other Discord payload (digest pages, follow-ups, notices) with its markup resolved, so a
 * reader never sees `<t:…:R>`, `**…**` or `[text](url)`.
 */
import { stripBidiControls } from '../shared/text/normalize-arabic.js';
import type { DiscordMessagePayload } from './discord/discord-payload.js';
import type { AlertView } from './discord/format-alert.js';
import { whyLine, type LabelLanguage } from './discord/why-line.js';

const FSI = '\u2068';
const PDI = '\u2069';

export interface PreviewOptions {
  /** For the relative time ("3 h ago"). @defaultValue the current time */
  now?: Date;
  /** IANA zone of the absolute time. @defaultValue the process's zone (TZ) */
  timeZone?: string;
  /** Language of the labels and the why line. @defaultValue 'both' */
  language?: LabelLanguage;
  /** The rule's word: `ALERT` for a new message, `UPDATE` for an edit in place. @defaultValue 'ALERT' */
  heading?: 'ALERT' | 'UPDATE';
}

const iso = (text: string) => FSI + stripBidiControls(text).replace(/\s+/gu, ' ').trim() + PDI;

/** `2025-09-01 13:00 +03` in `timeZone`: unambiguous and the same in every locale. */
export function formatAbsoluteTime(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    ...(timeZone ? { timeZone } : {}),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'shortOffset',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const zone = get('timeZoneName')
    .replace(/^GMT(?:[+-]0)?$/u, 'UTC')
    .replace(/^GMT/u, 'UTC');
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${zone}`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 days ago`, `in 4 h`. */
export function formatRelativeTime(date: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  const abs = Math.abs(seconds);
  let amount: string;
  if (abs < 60) return 'just now';
  if (abs < 3600) amount = `${Math.round(abs / 60)} min`;
  else if (abs < 172_800) amount = `${Math.round(abs / 3600)} h`;
  else amount = `${Math.round(abs / 86_400)} days`;
  return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
}

function languageName(lang: string | null, language: LabelLanguage): string | null {
  const names: Record<string, [string, string]> = { ar: ['Arabic', 'عربي'], en: ['English', 'إنجليزي'] };
  const name = lang ? names[lang] : undefined;
  if (!name) return null;
  if (language === 'en') return name[0];
  if (language === 'ar') return iso(name[1]);
  return `${name[0]} · ${iso(name[1])}`;
}

/** At most two sentences and 400 characters of the lead. */
function shortLead(lead: string): string {
  const clean = stripBidiControls(lead).replace(/\s+/gu, ' ').trim();
  const sentences = clean.match(/[^.!?؟。]+[.!?؟。]+["'»”)]*\s*/gu) ?? [];
  const two = sentences.slice(0, 2).join('').trim();
  const text = two.length >= 40 ? two : clean;
  return text.length > 400 ? `${text.slice(0, 399).trimEnd()}…` : text;
}

/** An alert as a few readable lines. Scraped text is stripped of bidi controls and isolated (FSI…PDI). */
export function renderAlertPreview(view: AlertView, options: PreviewOptions = {}): string {
  const language = options.language ?? 'both';
  const published = view.publishedAt ? new Date(view.publishedAt) : null;
  const when =
    published && !Number.isNaN(published.getTime())
      ? `${formatAbsoluteTime(published, options.timeZone)} (${formatRelativeTime(published, options.now ?? new Date())})`
      : null;
  const score = Number.isFinite(view.score) ? view.score.toFixed(2) : '?';
  const lines = [
    `──── ${options.heading ?? 'ALERT'}${view.updated ? ' · article revised' : ''} · score ${score} ────`,
    iso(view.headline || view.url),
    [iso(view.outlet || 'unknown outlet'), languageName(view.lang, language), when]
      .filter(Boolean)
      .join(' · '),
  ];
  if (view.lead) lines.push(iso(shortLead(view.lead)));
  const why = whyLine(view.evidence, language);
  if (why) lines.push(`Why: ${why}`);
  lines.push(view.url);
  if (view.alsoReportedBy.length > 0) {
    const shown = view.alsoReportedBy.slice(0, 5).map((r) => `${iso(r.outlet)} <${r.url}>`);
    const more = view.alsoReportedBy.length - shown.length;
    lines.push(`Also reported by: ${shown.join(', ')}${more > 0 ? `, +${more} more` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Discord markup made plain: timestamps `<t:SECONDS:STYLE>` become absolute times, masked links `[text](url)`
 * become `text <url>`, bold/italic/underline/strike markers and mentions' brackets go.
 */
export function plainDiscordText(text: string, options: PreviewOptions = {}): string {
  return text
    .replace(/<t:(-?\d{1,12})(?::([tTdDfFR]))?>/gu, (_m, seconds: string, style: string | undefined) => {
      const date = new Date(Number(seconds) * 1000);
      return style === 'R'
        ? formatRelativeTime(date, options.now ?? new Date())
        : formatAbsoluteTime(date, options.timeZone);
    })
    .replace(/\[([^\]\n]*)\]\(<?(https?:\/\/[^\s)>]+)>?\)/gu, '$1 <$2>')
    .replace(/<@&(\d+)>/gu, '@role:$1')
    .replace(/(\*\*|__|~~)(.+?)\1/gu, '$2')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/gu, '$1$2')
    .replace(/\\([*_~`[\]()<>|#-])/gu, '$1');
}

/** Any payload (digest page, follow-up, notice) as plain text under a `label` rule. */
export function renderPayloadPreview(
  payload: DiscordMessagePayload,
  label: string,
  options: PreviewOptions = {},
): string {
  const plain = (text: string) => plainDiscordText(text, options);
  const lines = [`──── ${label} ────`];
  if (payload.content) lines.push(plain(payload.content));
  for (const embed of payload.embeds) {
    if (embed.title) lines.push(plain(embed.title));
    if (embed.url) lines.push(embed.url);
    if (embed.description) lines.push(...plain(embed.description).split('\n'));
    for (const field of embed.fields ?? []) lines.push(`${plain(field.name)}: ${plain(field.value)}`);
    if (embed.footer?.text && embed.footer.text !== 'raqib') lines.push(`— ${plain(embed.footer.text)}`);
  }
  return `${lines.join('\n')}\n`;
}
