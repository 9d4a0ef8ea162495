/**
 * Language-independent anchors from numbers and dates: `day:09-15` ("15 سبتمبر", "Sept. 15", "15 أيلول"),
 * `month:2025-09` ("سبتمبر 2025"), `year:2026`, `num:2500` ("2,500"). Numbers and dates are the most specific
 * evidence two reports share across languages.
 */

const MONTHS: ReadonlyMap<string, number> = new Map([
  ...[
    'يناير',
    'فبراير',
    'مارس',
    'ابريل',
    'مايو',
    'يونيو',
    'يوليو',
    'اغسطس',
    'سبتمبر',
    'اكتوبر',
    'نوفمبر',
    'ديسمبر',
  ].map((m, i) => [m, i + 1] as const),
  ...(['شباط', 'اذار', 'نيسان', 'ايار', 'حزيران', 'تموز'].map((m, i) => [m, i + 2] as const) as Array<
    [string, number]
  >),
  ['ايلول', 9],
  ...[
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].map((m, i) => [m, i + 1] as const),
  ...['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map(
    (m, i) => [m, i + 1] as const,
  ),
  ['sept', 9],
  ['يوليه', 7],
  ['يونيه', 6],
]);

/** Two-word Levantine months: تشرين الاول (10), تشرين الثاني (11), كانون الاول (12), كانون الثاني (1). */
function twoWordMonth(first: string, second: string | undefined): number | null {
  if (second === undefined) return null;
  const ordinal = second === 'الاول' ? 1 : second === 'الثاني' ? 2 : 0;
  if (ordinal === 0) return null;
  if (first === 'تشرين') return ordinal === 1 ? 10 : 11;
  if (first === 'كانون') return ordinal === 1 ? 12 : 1;
  return null;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const isYear = (n: number): boolean => n >= 1990 && n <= 2039;
const isDay = (n: number): boolean => n >= 1 && n <= 31;

/** Month number at token i (and how many tokens it spans), or null. "اب" (August) only counts next to a number. */
function monthAt(tokens: readonly string[], i: number): { month: number; span: number } | null {
  const token = tokens[i] ?? '';
  const two = twoWordMonth(token, tokens[i + 1]);
  if (two !== null) return { month: two, span: 2 };
  const single = MONTHS.get(token);
  if (single !== undefined) return { month: single, span: 1 };
  if (token === 'اب' && (/^\d+$/.test(tokens[i - 1] ?? '') || /^\d+$/.test(tokens[i + 1] ?? ''))) {
    return { month: 8, span: 1 };
  }
  return null;
}

/**
 * Date and number anchors in normalised text (`normalizeArabic` output: ASCII digits, lower case). Numbers that are
 * part of a date are not repeated as `num:` keys; 0 and 1 are ignored.
 */
export function extractDateNumberAnchors(normalized: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (key: string): void => void out.set(key, (out.get(key) ?? 0) + 1);
  // ISO dates first, then drop them so their parts are not read again.
  const withoutIso = normalized.replace(
    /\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b/g,
    (_m, y: string, mo: string, d: string) => {
      add(`day:${mo}-${d}`);
      add(`month:${y}-${mo}`);
      add(`year:${y}`);
      return ' ';
    },
  );
  const text = withoutIso.replace(/(\d)[,٬](?=\d{3}\b)/g, '$1');
  const tokens = text.match(/[\p{L}]+|\d+(?:\.\d+)?/gu) ?? [];
  const used = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const month = monthAt(tokens, i);
    if (!month) continue;
    const before = Number(tokens[i - 1]);
    // "sept. 27": the abbreviation's dot is punctuation, already gone.
    const after = Number(tokens[i + month.span]);
    let day: number | null = null;
    if (isDay(before) && !used.has(i - 1)) {
      day = before;
      used.add(i - 1);
    } else if (isDay(after) && !isYear(after)) {
      day = after;
      used.add(i + month.span);
    }
    if (day !== null) add(`day:${pad(month.month)}-${pad(day)}`);
    const yearIndex = i + month.span + (day !== null && used.has(i + month.span) ? 1 : 0);
    const year = Number(tokens[yearIndex]);
    if (isYear(year)) {
      add(`month:${year}-${pad(month.month)}`);
      used.add(yearIndex);
    }
    i += month.span - 1;
  }
  tokens.forEach((token, i) => {
    if (used.has(i) || !/^\d/.test(token)) return;
    const value = Number(token);
    if (!Number.isFinite(value) || value < 2) return;
    add(isYear(value) && Number.isInteger(value) ? `year:${value}` : `num:${value}`);
  });
  return out;
}
