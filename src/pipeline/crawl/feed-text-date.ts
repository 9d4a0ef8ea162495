/**
 * The extract stage's visible-date parser, handed to the fetch stage for feed dates no machine format reads
 * (Arabic pubDates: `الثلاثاء، 10 يونيو 2025 14:00:00 +0300`, Eastern Arabic digits). Stages may not import each
 * other, so the pipeline composes them here.
 */
import { DateTime } from 'luxon';
import { parseDateText } from '../../extract/dates/parse-date-text.js';

/** ISO UTC instant of `text` read as visible date text in `timezone`, or undefined. */
export function parseFeedTextDate(text: string, timezone: string): string | undefined {
  const parsed = parseDateText(text, { timeZone: timezone, now: new Date() });
  if (!parsed) return undefined;
  const dt = DateTime.fromISO(parsed.iso, { setZone: true });
  return dt.isValid ? (dt.toUTC().toISO({ suppressMilliseconds: true }) ?? undefined) : undefined;
}
