/**
 * Parse machine-written dates from attributes, meta tags, JSON and feeds: ISO-8601 (also with a space instead of
 * `T`, a space before the offset, or `+0400` without a colon), RFC 822/1123, and Unix seconds or milliseconds.
 */
import { DateTime } from 'luxon';
import { stripBidiControls, toAsciiDigits } from '../../shared/text/normalize-arabic.js';
import { parseDateText } from './parse-date-text.js';

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parse a machine date; a value without a zone is read in `timeZone` (never the host's zone).
 * @returns ISO-8601 with offset, or null
 */
export function parseMachineDate(
  value: string | number | null | undefined,
  timeZone: string,
  now = new Date(),
): string | null {
  if (value === null || value === undefined) return null;
  const text = toAsciiDigits(stripBidiControls(String(value))).trim();
  if (!text || text.length > 80) return null;
  if (/^\d{9,13}(?:\.\d+)?$/.test(text)) return fromUnix(Number(text));
  const iso = text.match(ISO);
  if (iso) {
    const offset = iso[7]?.toUpperCase();
    let zone = timeZone;
    if (offset === 'Z' || offset === 'UTC' || offset === 'GMT') zone = 'UTC';
    else if (offset) zone = `UTC${offset.slice(0, 3)}:${offset.length > 3 ? offset.slice(-2) : '00'}`;
    const dt = DateTime.fromObject(
      {
        year: +(iso[1] ?? 0),
        month: +(iso[2] ?? 0),
        day: +(iso[3] ?? 0),
        hour: +(iso[4] ?? 0),
        minute: +(iso[5] ?? 0),
        second: +(iso[6] ?? 0),
      },
      { zone },
    );
    return dt.isValid ? (dt.toISO({ suppressMilliseconds: true }) as string) : null;
  }
  const rfc = DateTime.fromRFC2822(text.replace(/\s+/g, ' '), { setZone: true });
  if (rfc.isValid) return rfc.toISO({ suppressMilliseconds: true }) as string;
  const http = DateTime.fromHTTP(text, { setZone: true });
  if (http.isValid) return http.toISO({ suppressMilliseconds: true }) as string;
  const loose = DateTime.fromISO(text, { zone: timeZone, setZone: true });
  if (loose.isValid) return loose.toISO({ suppressMilliseconds: true }) as string;
  return parseDateText(text, { timeZone, now })?.iso ?? null;
}

function fromUnix(value: number): string | null {
  const ms = value > 1e11 ? value : value * 1000;
  const dt = DateTime.fromMillis(ms, { zone: 'UTC' });
  if (!dt.isValid || dt.year < 1990 || dt.year > 2100) return null;
  return dt.toISO({ suppressMilliseconds: true }) as string;
}
