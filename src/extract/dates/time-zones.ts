/**
 * Zone words that visible date lines carry ("توقيت مكة", "GMT+1", "GST", "CEST") mapped to luxon zone names.
 */
import { foldArabic } from './arabic-months.js';

const NAMED_ZONES: ReadonlyArray<readonly [RegExp, string]> = [
  [/مك[هة]|السعودي[هة]|الرياض|\bast\b|\bksa\b/, 'Asia/Riyadh'],
  [/بغداد|العراق/, 'Asia/Baghdad'],
  [/\bgst\b|الامارات|ابوظبي|ابو ظبي|دبي/, 'Asia/Dubai'],
  [/بيروت|لبنان/, 'Asia/Beirut'],
  [/القاهر[هة]|مصر|\bcairo\b/, 'Africa/Cairo'],
  [/الدوح[هة]|قطر/, 'Asia/Qatar'],
  [/\bcest\b/, 'UTC+2'],
  [/\bcet\b/, 'UTC+1'],
  [/\beest\b/, 'UTC+3'],
  [/\beet\b/, 'UTC+2'],
  [/\bbst\b/, 'UTC+1'],
  [/\bedt\b/, 'UTC-4'],
  [/\best\b/, 'UTC-5'],
  [/\bpdt\b/, 'UTC-7'],
  [/\bpst\b/, 'UTC-8'],
];

/**
 * Capitals and countries named after "توقيت" ("بتوقيت الرباط", "توقيت تونس") → IANA zones, so luxon applies the
 * zone's own offset and summer time on that date. Only counted after "توقيت": a bare city name near a time is
 * more often a dateline ("الكويت - كونا") than a zone.
 */
const CAPITAL_ZONES: ReadonlyArray<readonly [string, string]> = [
  ['تونس', 'Africa/Tunis'],
  ['الجزاير', 'Africa/Algiers'],
  ['الرباط', 'Africa/Casablanca'],
  ['المغرب', 'Africa/Casablanca'],
  ['الخرطوم', 'Africa/Khartoum'],
  ['السودان', 'Africa/Khartoum'],
  ['طرابلس', 'Africa/Tripoli'],
  ['ليبيا', 'Africa/Tripoli'],
  ['مسقط', 'Asia/Muscat'],
  ['سلطنه عمان', 'Asia/Muscat'],
  ['طهران', 'Asia/Tehran'],
  ['ايران', 'Asia/Tehran'],
  ['دمشق', 'Asia/Damascus'],
  ['سوريا', 'Asia/Damascus'],
  ['الاردن', 'Asia/Amman'],
  ['الكويت', 'Asia/Kuwait'],
  ['المنامه', 'Asia/Bahrain'],
  ['البحرين', 'Asia/Bahrain'],
  ['اربيل', 'Asia/Baghdad'],
  ['صنعاء', 'Asia/Aden'],
  ['اليمن', 'Asia/Aden'],
  ['انقره', 'Europe/Istanbul'],
  ['اسطنبول', 'Europe/Istanbul'],
  ['تركيا', 'Europe/Istanbul'],
];
const CAPITAL_ZONE = new RegExp(
  `توقيت\\s+(${CAPITAL_ZONES.map(([name]) => name.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{M}])`,
  'u',
);
const CAPITAL_LOOKUP = new Map(CAPITAL_ZONES.map(([name, zone]) => [name, zone]));

const LABELLED_OFFSET = /(?:gmt|utc|غرينتش|جرينتش|غرينيتش)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)/;
const GMT = /\b(?:gmt|utc|z)\b|ت\s?\.\s?غ(?![\u0600-\u06FF])|غرينتش|جرينتش|غرينيتش|التوقيت العالمي/;

/** Format an offset as a luxon fixed zone, e.g. `UTC+3`, `UTC-4:30`. */
export function offsetZone(sign: string, hours: string, minutes?: string): string | null {
  const h = Number(hours);
  const m = Number(minutes ?? 0);
  if (h > 14 || m > 59) return null;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/**
 * The zone a snippet of date text names, or null. `text` must already have ASCII digits and no bidi marks; a bare
 * offset (`+0300`, `+03:00`) counts only at the very start, i.e. right after the time it belongs to.
 */
export function detectZone(text: string): string | null {
  const folded = foldArabic(text);
  const offset = folded.match(LABELLED_OFFSET);
  if (offset) return offsetZone(offset[1] ?? '+', offset[2] ?? '0', offset[3]);
  const capital = folded.replace(/[ةه]/g, 'ه').match(CAPITAL_ZONE);
  if (capital) return CAPITAL_LOOKUP.get((capital[1] ?? '').replace(/\s+/g, ' ')) ?? null;
  for (const [pattern, zone] of NAMED_ZONES) if (pattern.test(folded)) return zone;
  if (GMT.test(folded)) return 'UTC';
  const bare = folded.match(/^\s*\)?\s*([+-])(\d{2}):?(\d{2})(?!\d)/);
  if (bare) return offsetZone(bare[1] ?? '+', bare[2] ?? '0', bare[3]);
  return null;
}
