/**
 * The last-resort date: one written into the article URL (`/2025/7/17/`, `/2023/01/12/`, `/20230611/`).
 */
import { DateTime } from 'luxon';

const SLASHED = /\/((?:19|20)\d\d)\/(\d{1,2})\/(\d{1,2})(?:\/|$)/;
const COMPACT = /[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)/;

/** Midnight (in `timeZone`) of the date in the URL path, or null. */
export function parseDateFromUrl(url: string, timeZone: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = path.match(SLASHED) ?? path.match(COMPACT);
  if (!match) return null;
  const dt = DateTime.fromObject(
    { year: +(match[1] ?? 0), month: +(match[2] ?? 0), day: +(match[3] ?? 0) },
    { zone: timeZone },
  );
  return dt.isValid ? (dt.toISO({ suppressMilliseconds: true }) as string) : null;
}
