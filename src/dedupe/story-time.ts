/**
 * When a report was published, as the story index reads it: its publication date, else a date stamp at the head of
 * its text (a dateline "date 2025-08-23", "2025-08-23 —"), the way a page without a machine-readable date still
 * says when it was written. A stamp further down is a date the report mentions, not its own, and is not read.
 * The stamp's day is taken at noon in Iraq (09:00 UTC), the middle of the news day.
 */

/** How far into the text a stamp is read as the report's own date. */
const STAMP_REACH = 200;
const STAMP = /\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b/;
const NEWS_NOON_UTC_MS = 9 * 3_600_000;

/** A date string as ms, or null when absent or unreadable. */
export function parseTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/** Hours between two times, or null when either is unknown. */
export const hoursBetween = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : Math.abs(a - b) / 3_600_000;

/** The date stamp at the head of a text (ms), or null. */
export function stampTime(text: string | null | undefined): number | null {
  const match = STAMP.exec((text ?? '').slice(0, STAMP_REACH));
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const ms = Date.UTC(year, month - 1, day) + NEWS_NOON_UTC_MS;
  return new Date(ms).getUTCDate() === day ? ms : null;
}

/** Publication time of an item: `publishedAt`, else the stamp at the head of its title or text. */
export function itemTime(item: {
  publishedAt?: string | null;
  title?: string | null;
  text?: string | null;
}): number | null {
  return parseTime(item.publishedAt) ?? stampTime(item.title) ?? stampTime(item.text);
}

/**
 * Whether a dated item is near enough in time to a story: within `limitMs` of at least one of the story's dated
 * reports (`times`, ms). An undated item, or a story none of whose reports is dated, is never excluded. Reports
 * of one event cluster in time; a chain of undated reports must not carry a story across weeks.
 */
export function nearStoryInTime(time: number | null, times: Iterable<number>, limitMs: number): boolean {
  if (time === null) return true;
  let any = false;
  for (const t of times) {
    if (Math.abs(t - time) <= limitMs) return true;
    any = true;
  }
  return !any;
}
