/**
 * Machine-readable publication dates as feeds, sitemaps and listing pages state them. Visible Arabic date text
 * ("3 تشرين الأول 2025", "منذ ساعتين") is the extract stage's job; here only the formats feeds and markup use.
 */
import { DateTime } from 'luxon';
import { parseRfc822Like } from './parse-rfc822-date.js';

/** RFC-822 zone names that luxon's RFC-2822 parser rejects but real feeds send. */
const EXTRA_ZONES: Record<string, string> = { UTC: '+0000', Z: '+0000', UT: '+0000' };

/** Formats tried, in order, for zone-less or offset-bearing strings that are not ISO or RFC-2822. */
const LOOSE_FORMATS = [
  'd MMM yyyy',
  'd MMMM yyyy',
  'MMM d, yyyy',
  'dd/MM/yyyy - HH:mm',
  'dd/MM/yyyy HH:mm',
  'dd.MM.yyyy HH:mm',
  'HH:mm dd.MM.yyyy',
  'dd/MM/yyyy',
  'yyyy/MM/dd HH:mm',
  'yyyy/MM/dd',
];

/**
 * Parse a date string into an ISO-8601 UTC string, or `undefined` when it cannot be read.
 * Accepts RFC-822/2822 (`Wed, 01 Oct 2025 17:00:42 +0200`, `GMT`, `UTC`), ISO with `T` or a space and offsets with
 * or without a colon (`2026-01-06 13:55:27 +01:00`, `2023-01-12T00:55:00.000+0400`), Unix seconds or milliseconds,
 * and a few listing formats (`6 Mar 2026`, `06/01/2026 - 13:55`). A string without a zone is read in `timezone`
 * (an IANA zone, default `UTC`), never in the host's zone.
 */
export function parseFeedDate(
  value: string | number | null | undefined,
  timezone = 'UTC',
): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return fromEpoch(value);
  const text = value
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return undefined;
  if (/^\d{9,13}$/.test(text)) return fromEpoch(Number(text));
  // An offset beyond ±14:59 (`-99:99`) is not a zone: reject rather than shift the date by days.
  const offset = /\s*[+-](\d{2}):?(\d{2})$/.exec(text);
  if (offset && /\d[T ]?.*\d{2}:?\d{2}$/.test(text) && (Number(offset[1]) > 14 || Number(offset[2]) > 59)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  }

  const rfc = parseRfc822(text);
  if (rfc) return rfc;
  if (/^[A-Za-z]/.test(text) || /^\d{1,2}[\s-]+[A-Za-z]/.test(text)) {
    const loose = parseRfc822Like(text, timezone);
    if (loose) return toUtcIso(loose);
  }

  const iso = normaliseIso(text);
  if (iso) {
    const dt = DateTime.fromISO(iso, { zone: timezone, setZone: true });
    if (dt.isValid) return toUtcIso(dt);
  }
  for (const format of LOOSE_FORMATS) {
    const dt = DateTime.fromFormat(text, format, { zone: timezone, locale: 'en' });
    if (dt.isValid) return toUtcIso(dt);
  }
  return undefined;
}

function fromEpoch(n: number): string | undefined {
  if (!Number.isFinite(n) || n <= 0) return undefined;
  // Ten digits or fewer are seconds (Sputnik data-unixtime, Euronews data-timestamp); more are milliseconds.
  const ms = n < 1e11 ? n * 1000 : n;
  const dt = DateTime.fromMillis(ms, { zone: 'utc' });
  return dt.isValid ? toUtcIso(dt) : undefined;
}

function parseRfc822(text: string): string | undefined {
  if (!/^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}/.test(text)) return undefined;
  let candidate = text.replace(/\s+([A-Z]{1,3})$/, (whole, zone: string) =>
    EXTRA_ZONES[zone] ? ` ${EXTRA_ZONES[zone]}` : whole,
  );
  // Seconds are optional in RFC-822 but luxon wants them.
  candidate = candidate.replace(/(\s\d{1,2}:\d{2})(\s)/, '$1:00$2');
  const dt = DateTime.fromRFC2822(candidate, { setZone: true });
  if (dt.isValid) return toUtcIso(dt);
  // A day name that disagrees with the date is common in hand-built feeds: drop it and retry.
  const noDay = DateTime.fromRFC2822(candidate.replace(/^[A-Za-z]{3},\s*/, ''), { setZone: true });
  return noDay.isValid ? toUtcIso(noDay) : undefined;
}

/** `2026-01-06 13:55:27 +01:00` → `2026-01-06T13:55:27+01:00`; `+0400` → `+04:00`. */
function normaliseIso(text: string): string | undefined {
  const match =
    /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ](\d{2}(?::\d{2}(?::\d{2}(?:\.\d+)?)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text,
    );
  if (!match) return undefined;
  const [, day, time, zone] = match;
  let out = `${day}`;
  if (time) out += `T${time}`;
  if (zone) out += zone.toUpperCase() === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  return out;
}

function toUtcIso(dt: DateTime): string | undefined {
  return dt.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined;
}
