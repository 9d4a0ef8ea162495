/**
 * Parse a visible date line (Arabic or English) into an ISO-8601 instant. Hand-written for the Arabic forms no
 * library reads (month-name families, ص/م, relative phrases in every number form, Hijri segments); luxon does the
 * calendar and zone arithmetic.
 */
import { DateTime } from 'luxon';
import { stripBidiControls, toAsciiDigits } from '../../shared/text/normalize-arabic.js';
import {
  HIJRI_MONTH_PATTERN,
  MONTH_PATTERN,
  COUNT_WORD_PATTERN,
  RELATIVE_UNIT_PATTERN,
  foldArabic,
  getCountWord,
  getMonthNumber,
  getRelativeUnit,
} from './arabic-months.js';
import { getHijriMonthNumber, hijriToGregorian } from './hijri-calendar.js';
import { detectZone } from './time-zones.js';

export interface ParsedDate {
  iso: string;
  /** True for relative phrases ("منذ ساعتين") and for dates without a time of day. */
  approximate: boolean;
}

export interface ParseDateTextOptions {
  /** IANA zone (or luxon fixed zone such as `UTC+3`) for times the text states without a zone. */
  timeZone: string;
  /** Reference instant for relative phrases: the fetch time. */
  now: Date;
}

const NOT_LETTER = '(?![\\p{L}\\p{M}])';
const NO_LETTER_BEFORE = '(?<![\\p{L}\\p{M}])';

const HIJRI_NUMERIC = new RegExp(
  `\\d{1,4}\\s*[/\\-.]\\s*\\d{1,2}\\s*[/\\-.]\\s*1[34]\\d\\d\\s*ه?${NOT_LETTER}|1[34]\\d\\d\\s*[/\\-.]\\s*\\d{1,2}\\s*[/\\-.]\\s*\\d{1,2}\\s*ه${NOT_LETTER}`,
  'gu',
);
const HIJRI_NAMED = new RegExp(
  `(?:\\d{1,2}\\s+)?(?:${HIJRI_MONTH_PATTERN})\\s+1[34]\\d\\d(?:\\s*ه${NOT_LETTER})?`,
  'gu',
);
const HIJRI_YEAR = new RegExp(`1[34]\\d\\d\\s*ه${NOT_LETTER}`, 'gu');

const JUST_NOW =
  /(?:^|\s)(?:الان|للتو|منذ لحظات|قبل لحظات|منذ ثوان|قبل ثوان|منذ قليل|just now|moments ago|seconds ago)(?:$|[\s.,])/u;
const RELATIVE_AR = new RegExp(
  `(?:منذ|قبل)\\s*(?:(\\d+|(?:${COUNT_WORD_PATTERN})${NOT_LETTER})\\s*)?(${RELATIVE_UNIT_PATTERN})${NOT_LETTER}`,
  'u',
);
const EN_COUNT_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
}; // prettier-ignore
const RELATIVE_EN = new RegExp(
  `(\\d+|${Object.keys(EN_COUNT_WORDS).join('|')})\\s+(${RELATIVE_UNIT_PATTERN})\\s+ago`,
  'iu',
);
/**
 * Day words, longest first: "اليوم السابق" (the previous day) and "أمس الأول" (the day before yesterday) must not be
 * read as their first word ("اليوم" today, "أمس" yesterday). Patterns are over folded text (no hamza, no diacritics).
 */
const DAY_WORDS: ReadonlyArray<readonly [RegExp, number]> = [
  [
    new RegExp(
      `${NO_LETTER_BEFORE}(?:اول (?:من )?امس|امس الاول|قبل امس|(?:اول|قبل) البارح[هة]|the day before yesterday)${NOT_LETTER}`,
      'iu',
    ),
    -2,
  ],
  [
    new RegExp(
      `${NO_LETTER_BEFORE}(?:اليوم (?:السابق|الماضي)|امس|البارح[هة]|yesterday|the (?:previous|prior) day|the day before)${NOT_LETTER}`,
      'iu',
    ),
    -1,
  ],
  [new RegExp(`${NO_LETTER_BEFORE}(?:اليوم|today)${NOT_LETTER}`, 'iu'), 0],
];

const ISO_LIKE =
  /(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?(?:\s*(Z|[+-]\d{2}:?\d{2})(?!\d))?/i;
const DMY = /(?<!\d)(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)/;
const YMD = /(?<!\d)(\d{4})\s*([/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?!\d)/;
const MONTH = `(?:${MONTH_PATTERN})\\.?`;
const DAY_MONTH_YEAR = new RegExp(
  `(?<!\\d)(\\d{1,2})(?:st|nd|rd|th)?\\s*(?:من\\s+)?(?:شهر\\s+)?${NO_LETTER_BEFORE}(${MONTH})${NOT_LETTER}(?:\\s*[/\\-(]\\s*(?:${MONTH})\\s*\\)?${NOT_LETTER})?\\s*,?\\s*(?:من\\s+)?(?:عام\\s+|سنه\\s+)?(\\d{4})(?!\\d)`,
  'iu',
);
const MONTH_DAY_YEAR = new RegExp(
  `${NO_LETTER_BEFORE}(${MONTH})${NOT_LETTER}\\s*(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`,
  'iu',
);
const TIME = new RegExp(
  `(?<![\\d:])(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?![\\d:])\\s*(صباحا|صباحً?ا|مساءا|مساء|ص|م|am|pm|a\\.m\\.|p\\.m\\.)?${NOT_LETTER}`,
  'iu',
);

interface DateParts {
  year: number;
  month: number;
  day: number;
  end: number;
  zone?: string | null;
  hour?: number;
  minute?: number;
  second?: number;
}

/** Text prepared for matching: bidi marks, tatweel and diacritics gone, ASCII digits, folded letters. */
export function prepareDateText(text: string): string {
  return foldArabic(toAsciiDigits(stripBidiControls(text.slice(0, 600))))
    .replace(/[،٬]/g, ',')
    .replace(/[\s\u00A0]+/g, ' ')
    .trim();
}

/**
 * Parse visible date text such as "الأحد 3 أيلول/سبتمبر 2025 - 10:30 م", "06/01/2026 - 13:55 GMT+1",
 * "منذ ساعتين" or "Nov 19, 2019 5:30 pm EST".
 * @returns the instant with its offset, or null when the text holds no date
 */
export function parseDateText(text: string, options: ParseDateTextOptions): ParsedDate | null {
  if (!text) return null;
  const full = prepareDateText(text);
  const prepared = full.replace(HIJRI_NUMERIC, ' ').replace(HIJRI_NAMED, ' ').replace(HIJRI_YEAR, ' ');
  return (
    parseAbsolute(prepared, options) ??
    parseHijriOnly(full, prepared, options) ??
    parseRelative(prepared, options)
  );
}

const HIJRI_DAY_MONTH_YEAR = new RegExp(
  `(?<!\\d)(\\d{1,2})\\s+(${HIJRI_MONTH_PATTERN})\\s+(1[34]\\d\\d)(?!\\d)`,
  'u',
);
const HIJRI_DMY_NUMERIC = /(?<!\d)(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(1[34]\d\d)(?!\d)\s*ه?/u;
const HIJRI_YMD_NUMERIC = /(?<!\d)(1[34]\d\d)\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*ه/u;

/** A date line that states only a Hijri date ("الأحد 1 رمضان 1446 هـ"): converted through the Umm al-Qura table. */
function parseHijriOnly(full: string, prepared: string, options: ParseDateTextOptions): ParsedDate | null {
  let ymd: [number, number, number] | null = null;
  const named = full.match(HIJRI_DAY_MONTH_YEAR);
  const dmy = named ? null : full.match(HIJRI_DMY_NUMERIC);
  const ymdMatch = named || dmy ? null : full.match(HIJRI_YMD_NUMERIC);
  if (named) ymd = [Number(named[3]), getHijriMonthNumber(named[2] ?? '') ?? 0, Number(named[1])];
  else if (dmy) ymd = [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])];
  else if (ymdMatch) ymd = [Number(ymdMatch[1]), Number(ymdMatch[2]), Number(ymdMatch[3])];
  if (!ymd) return null;
  const date = hijriToGregorian(...ymd);
  if (!date) return null;
  const time = findTime(prepared);
  const dt = DateTime.fromObject(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: time?.hour ?? 0,
      minute: time?.minute ?? 0,
      second: time?.second ?? 0,
    },
    { zone: time?.zone ?? options.timeZone },
  );
  if (!dt.isValid) return null;
  return { iso: toIso(dt), approximate: !time };
}

function parseAbsolute(text: string, options: ParseDateTextOptions): ParsedDate | null {
  const parts = findDateParts(text);
  if (!parts) return null;
  if (parts.hour === undefined) {
    const time = findTime(text.slice(parts.end)) ?? findTime(text);
    if (time) Object.assign(parts, time);
  }
  const zone = parts.zone ?? options.timeZone;
  const dt = DateTime.fromObject(
    {
      year: parts.year,
      month: parts.month,
      day: parts.day,
      hour: parts.hour ?? 0,
      minute: parts.minute ?? 0,
      second: parts.second ?? 0,
    },
    { zone },
  );
  if (!dt.isValid || parts.year < 1990 || parts.year > new Date(options.now).getUTCFullYear() + 1)
    return null;
  return { iso: dt.toISO({ suppressMilliseconds: true }) as string, approximate: parts.hour === undefined };
}

function findDateParts(text: string): DateParts | null {
  const iso = text.match(ISO_LIKE);
  if (iso && iso.index !== undefined) {
    const parts: DateParts = {
      year: +(iso[1] ?? 0),
      month: +(iso[2] ?? 0),
      day: +(iso[3] ?? 0),
      end: iso.index + iso[0].length,
    };
    if (iso[4] !== undefined) {
      parts.hour = +iso[4];
      parts.minute = +(iso[5] ?? 0);
      parts.second = +(iso[6] ?? 0);
    }
    if (iso[7])
      parts.zone = iso[7].toUpperCase() === 'Z' ? 'UTC' : `UTC${iso[7].slice(0, 3)}:${iso[7].slice(-2)}`;
    return parts;
  }
  const named = text.match(DAY_MONTH_YEAR);
  if (named && named.index !== undefined) {
    const month = getMonthNumber(named[2] ?? '');
    if (month)
      return { year: +(named[3] ?? 0), month, day: +(named[1] ?? 0), end: named.index + named[0].length };
  }
  const english = text.match(MONTH_DAY_YEAR);
  if (english && english.index !== undefined) {
    const month = getMonthNumber(english[1] ?? '');
    if (month)
      return {
        year: +(english[3] ?? 0),
        month,
        day: +(english[2] ?? 0),
        end: english.index + english[0].length,
      };
  }
  const ymd = text.match(YMD);
  if (ymd && ymd.index !== undefined)
    return {
      year: +(ymd[1] ?? 0),
      month: +(ymd[3] ?? 0),
      day: +(ymd[4] ?? 0),
      end: ymd.index + ymd[0].length,
    };
  const dmy = text.match(DMY);
  if (dmy && dmy.index !== undefined) {
    let day = +(dmy[1] ?? 0);
    let month = +(dmy[3] ?? 0);
    // Day-first is the norm on Arabic and European sites; switch only when the numbers rule it out.
    if (month > 12 && day <= 12) [day, month] = [month, day];
    return { year: +(dmy[4] ?? 0), month, day, end: dmy.index + dmy[0].length };
  }
  return null;
}

/** First clock time in `text` with its AM/PM marker and any zone named right after it. */
function findTime(text: string): Pick<DateParts, 'hour' | 'minute' | 'second' | 'zone'> | null {
  const time = text.match(TIME);
  if (!time || time.index === undefined) return null;
  let hour = +(time[1] ?? 0);
  const minute = +(time[2] ?? 0);
  if (hour > 23 || minute > 59) return null;
  const marker = (time[4] ?? '').toLowerCase();
  const pm = marker === 'م' || marker.startsWith('مساء') || marker === 'pm' || marker === 'p.m.';
  const am = marker === 'ص' || marker.startsWith('صباح') || marker === 'am' || marker === 'a.m.';
  if (pm && hour < 12) hour += 12;
  if (am && hour === 12) hour = 0;
  const after = text.slice(time.index + time[0].length, time.index + time[0].length + 40);
  return { hour, minute, second: +(time[3] ?? 0), zone: detectZone(after) };
}

function parseRelative(text: string, options: ParseDateTextOptions): ParsedDate | null {
  const now = DateTime.fromJSDate(options.now, { zone: options.timeZone });
  if (!now.isValid) return null;
  if (JUST_NOW.test(` ${text} `)) return { iso: toIso(now), approximate: true };
  const arabic = text.match(RELATIVE_AR);
  const english = arabic ? null : text.match(RELATIVE_EN);
  const match = arabic ?? english;
  if (match) {
    const unit = getRelativeUnit((match[2] ?? '').toLowerCase());
    if (!unit) return null;
    const raw = match[1];
    const count = !raw
      ? (unit.count ?? 1)
      : /^\d+$/.test(raw)
        ? Number(raw)
        : (EN_COUNT_WORDS[raw.toLowerCase()] ?? getCountWord(raw) ?? 1);
    if (count > 10_000) return null;
    // "نصف ساعة" / "ربع ساعة": fractions are taken in the next smaller unit so luxon adds whole units.
    if (!Number.isInteger(count) && unit.unit === 'hour') {
      return { iso: toIso(now.minus({ minutes: Math.round(count * 60) })), approximate: true };
    }
    return { iso: toIso(now.minus({ [unit.unit]: Math.max(1, Math.round(count)) })), approximate: true };
  }
  for (const [pattern, offset] of DAY_WORDS) {
    if (!pattern.test(text)) continue;
    const day = now.plus({ days: offset });
    const time = findTime(text);
    if (!time) return { iso: toIso(day.startOf('day')), approximate: true };
    const zoned = time.zone ? day.setZone(time.zone) : day;
    const at = zoned.set({
      hour: time.hour ?? 0,
      minute: time.minute ?? 0,
      second: time.second ?? 0,
      millisecond: 0,
    });
    return { iso: toIso(at), approximate: false };
  }
  return null;
}

function toIso(dt: DateTime): string {
  return dt.set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) as string;
}
