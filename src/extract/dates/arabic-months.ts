/**
 * Month and unit vocabularies for visible Arabic (and English) dates, written by hand because no maintained date
 * library reads Levantine, transliterated and Maghreb month names together (see OUTLETS.md "Arabic dates").
 * Keys are in the folded form produced by {@link foldArabic}: no hamza on alef, ى → ي, no tatweel or diacritics.
 */
import { foldPersianLetters } from '../../shared/text/normalize-arabic.js';

/** Fold Arabic letter variants that month and unit names are written with (display text is never folded). */
export function foldArabic(text: string): string {
  return foldPersianLetters(text.normalize('NFC'))
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .toLowerCase();
}

/** Month names → month number (1–12). Multi-word names come first so alternation prefers them. */
export const MONTH_NAMES: ReadonlyArray<readonly [string, number]> = [
  // Levantine / Iraqi (Syriac) names, including the "كانون 2" / "تشرين 1" variants.
  ['كانون الثاني', 1],
  ['كانون 2', 1],
  ['كانون ثاني', 1],
  ['شباط', 2],
  ['اذار', 3],
  ['نيسان', 4],
  ['ايار', 5],
  ['حزيران', 6],
  ['تموز', 7],
  ['اب', 8],
  ['ايلول', 9],
  ['تشرين الاول', 10],
  ['تشرين 1', 10],
  ['تشرين اول', 10],
  ['تشرين الثاني', 11],
  ['تشرين 2', 11],
  ['تشرين ثاني', 11],
  ['كانون الاول', 12],
  ['كانون 1', 12],
  ['كانون اول', 12],
  // Egyptian / Gulf transliterations (with common spelling variants).
  ['يناير', 1],
  ['فبراير', 2],
  ['مارس', 3],
  ['ابريل', 4],
  ['مايو', 5],
  ['يونيو', 6],
  ['يونيه', 6],
  ['يوليو', 7],
  ['يوليه', 7],
  ['اغسطس', 8],
  ['سبتمبر', 9],
  ['اكتوبر', 10],
  ['نوفمبر', 11],
  ['ديسمبر', 12],
  // Maghreb (Tunisia/Algeria) and Morocco.
  ['جانفي', 1],
  ['فيفري', 2],
  ['افريل', 4],
  ['ماي', 5],
  ['جوان', 6],
  ['جويلية', 7],
  ['اوت', 8],
  ['يوليوز', 7],
  ['غشت', 8],
  ['شتنبر', 9],
  ['نونبر', 11],
  ['دجنبر', 12],
  // English, full and abbreviated.
  ['january', 1],
  ['february', 2],
  ['march', 3],
  ['april', 4],
  ['may', 5],
  ['june', 6],
  ['july', 7],
  ['august', 8],
  ['september', 9],
  ['october', 10],
  ['november', 11],
  ['december', 12],
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sept', 9],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
];

const MONTH_LOOKUP = new Map(MONTH_NAMES.map(([name, month]) => [name, month]));

/** Month number of a folded month name, or null. */
export function getMonthNumber(name: string): number | null {
  return MONTH_LOOKUP.get(name.replace(/\s+/g, ' ').replace(/\.$/, '')) ?? null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Alternation of every month name, longest first, for use inside a larger pattern. */
export const MONTH_PATTERN = [...MONTH_LOOKUP.keys()]
  .sort((a, b) => b.length - a.length)
  .map((name) => escapeRegExp(name).replace(/ /g, '\\s+'))
  .join('|');

/** Hijri month names (folded) so their segments can be skipped. */
export const HIJRI_MONTH_PATTERN = [
  'محرم',
  'صفر',
  'ربيع الاول',
  'ربيع الثاني',
  'ربيع الاخر',
  'ربيع اول',
  'ربيع ثاني',
  'جمادي الاولي',
  'جمادي الاول',
  'جمادي الثانيه',
  'جمادي الثانية',
  'جمادي الاخره',
  'جمادي الاخرة',
  'جمادي الاخر',
  'رجب',
  'شعبان',
  'رمضان',
  'شوال',
  'ذو القعده',
  'ذو القعدة',
  'ذي القعدة',
  'ذو الحجه',
  'ذو الحجة',
  'ذي الحجة',
]
  .sort((a, b) => b.length - a.length)
  .map((name) => name.replace(/ /g, '\\s+'))
  .join('|');

export type RelativeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** Every singular, dual and plural form of the relative-time units (folded), with the count a dual implies. */
export const RELATIVE_UNITS: ReadonlyArray<readonly [string, RelativeUnit, number | null]> = [
  ['ثانيه', 'second', null],
  ['ثانية', 'second', null],
  ['ثانيتين', 'second', 2],
  ['ثانيتان', 'second', 2],
  ['ثوان', 'second', null],
  ['ثواني', 'second', null],
  ['دقيقه', 'minute', null],
  ['دقيقة', 'minute', null],
  ['دقيقتين', 'minute', 2],
  ['دقيقتان', 'minute', 2],
  ['دقايق', 'minute', null],
  ['دقائق', 'minute', null],
  ['ساعه', 'hour', null],
  ['ساعة', 'hour', null],
  ['ساعتين', 'hour', 2],
  ['ساعتان', 'hour', 2],
  ['ساعات', 'hour', null],
  ['يوم', 'day', null],
  ['يوما', 'day', null],
  ['يومين', 'day', 2],
  ['يومان', 'day', 2],
  ['ايام', 'day', null],
  ['اسبوع', 'week', null],
  ['اسبوعا', 'week', null],
  ['اسبوعين', 'week', 2],
  ['اسبوعان', 'week', 2],
  ['اسابيع', 'week', null],
  ['شهر', 'month', null],
  ['شهرا', 'month', null],
  ['شهرين', 'month', 2],
  ['شهران', 'month', 2],
  ['اشهر', 'month', null],
  ['شهور', 'month', null],
  ['سنه', 'year', null],
  ['سنة', 'year', null],
  ['سنتين', 'year', 2],
  ['سنتان', 'year', 2],
  ['سنوات', 'year', null],
  ['عام', 'year', null],
  ['عاما', 'year', null],
  ['عامين', 'year', 2],
  ['عامان', 'year', 2],
  ['اعوام', 'year', null],
  ['seconds', 'second', null],
  ['second', 'second', null],
  ['secs', 'second', null],
  ['sec', 'second', null],
  ['minutes', 'minute', null],
  ['minute', 'minute', null],
  ['mins', 'minute', null],
  ['min', 'minute', null],
  ['hours', 'hour', null],
  ['hour', 'hour', null],
  ['hrs', 'hour', null],
  ['hr', 'hour', null],
  ['days', 'day', null],
  ['day', 'day', null],
  ['weeks', 'week', null],
  ['week', 'week', null],
  ['months', 'month', null],
  ['month', 'month', null],
  ['years', 'year', null],
  ['year', 'year', null],
];

export const RELATIVE_UNIT_PATTERN = [...RELATIVE_UNITS]
  .map(([name]) => name)
  .sort((a, b) => b.length - a.length)
  .join('|');

const UNIT_LOOKUP = new Map(RELATIVE_UNITS.map(([name, unit, count]) => [name, { unit, count }]));

/** Unit and implied count (2 for duals) of a folded unit word. */
export function getRelativeUnit(word: string): { unit: RelativeUnit; count: number | null } | null {
  return UNIT_LOOKUP.get(word) ?? null;
}

/** Number words (folded) said before a unit: "منذ ثلاث ساعات", "قبل عشرين دقيقة", "منذ نصف ساعة". */
export const COUNT_WORDS: ReadonlyArray<readonly [string, number]> = [
  ['واحد', 1],
  ['ثلاث', 3],
  ['ثلاثه', 3],
  ['ثلاثة', 3],
  ['اربع', 4],
  ['اربعه', 4],
  ['اربعة', 4],
  ['خمس', 5],
  ['خمسه', 5],
  ['خمسة', 5],
  ['ست', 6],
  ['سته', 6],
  ['ستة', 6],
  ['سبع', 7],
  ['سبعه', 7],
  ['سبعة', 7],
  ['ثماني', 8],
  ['ثمان', 8],
  ['ثمانيه', 8],
  ['ثمانية', 8],
  ['تسع', 9],
  ['تسعه', 9],
  ['تسعة', 9],
  ['عشر', 10],
  ['عشره', 10],
  ['عشرة', 10],
  ['عشرين', 20],
  ['ثلاثين', 30],
  ['اربعين', 40],
  ['خمسين', 50],
  ['نصف', 0.5],
  ['ربع', 0.25],
];

export const COUNT_WORD_PATTERN = [...COUNT_WORDS]
  .map(([word]) => word)
  .sort((a, b) => b.length - a.length)
  .join('|');

const COUNT_LOOKUP = new Map(COUNT_WORDS);

/** Number a folded count word stands for, or null. */
export function getCountWord(word: string): number | null {
  return COUNT_LOOKUP.get(word) ?? null;
}
