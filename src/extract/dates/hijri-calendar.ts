/**
 * Hijri (Umm al-Qura) → Gregorian. Intl formats a Gregorian instant in the `islamic-umalqura` calendar but has
 * no inverse and luxon reads only Gregorian input, so this inverts Intl by search: estimate from the mean lunar
 * year, then step day by day until Intl names the wanted Hijri date. Written by hand for that reason.
 */
import { foldArabic } from './arabic-months.js';

const FORMAT = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  timeZone: 'UTC',
});

const DAY_MS = 86_400_000;
// 1 Muharram 1 AH ≈ 622-07-16 (Julian epoch of the civil calendar); mean Hijri year 354.367 days.
const EPOCH_MS = Date.UTC(622, 6, 19);
const MEAN_YEAR_DAYS = 354.367;

function hijriOf(ms: number): { year: number; month: number; day: number } {
  const parts = FORMAT.formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? NaN);
  return { year: get('year'), month: get('month'), day: get('day') };
}

function compare(a: { year: number; month: number; day: number }, b: typeof a): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The Gregorian date (UTC midnight) of a Hijri date, or null when the date does not exist (day 30 of a 29-day
 * month) or lies outside the Umm al-Qura table Intl carries (1300–1600 AH accepted).
 */
export function hijriToGregorian(year: number, month: number, day: number): Date | null {
  if (!Number.isInteger(year) || year < 1300 || year > 1600) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    return null;
  }
  const wanted = { year, month, day };
  const estimate = EPOCH_MS + ((year - 1) * MEAN_YEAR_DAYS + (month - 1) * 29.53 + (day - 1)) * DAY_MS;
  let ms = Math.floor(estimate / DAY_MS) * DAY_MS + DAY_MS / 2;
  // The estimate is within a few days; 60 steps bounds the loop on any input.
  for (let step = 0; step < 60; step += 1) {
    const diff = compare(hijriOf(ms), wanted);
    if (diff === 0) return new Date(ms - DAY_MS / 2);
    const next = ms + (diff < 0 ? DAY_MS : -DAY_MS);
    // Crossed the wanted date without hitting it: the day does not exist in that month.
    if (Math.sign(compare(hijriOf(next), wanted)) === -Math.sign(diff)) return null;
    ms = next;
  }
  return null;
}

const HIJRI_MONTHS: ReadonlyArray<readonly [string, number]> = [
  ['محرم', 1],
  ['صفر', 2],
  ['ربيع الاول', 3],
  ['ربيع اول', 3],
  ['ربيع الثاني', 4],
  ['ربيع ثاني', 4],
  ['ربيع الاخر', 4],
  ['جمادي الاولي', 5],
  ['جمادي الاول', 5],
  ['جمادي الثانيه', 6],
  ['جمادي الثانية', 6],
  ['جمادي الاخره', 6],
  ['جمادي الاخرة', 6],
  ['جمادي الاخر', 6],
  ['رجب', 7],
  ['شعبان', 8],
  ['رمضان', 9],
  ['شوال', 10],
  ['ذو القعده', 11],
  ['ذو القعدة', 11],
  ['ذي القعده', 11],
  ['ذي القعدة', 11],
  ['ذو الحجه', 12],
  ['ذو الحجة', 12],
  ['ذي الحجه', 12],
  ['ذي الحجة', 12],
];
const MONTH_LOOKUP = new Map(HIJRI_MONTHS);

/** Month number (1–12) of a Hijri month name in any of its spellings, or null. */
export function getHijriMonthNumber(name: string): number | null {
  return MONTH_LOOKUP.get(foldArabic(name).replace(/\s+/g, ' ').trim()) ?? null;
}
