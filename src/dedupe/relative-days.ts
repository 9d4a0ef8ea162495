/**
 * Calendar days a report names relative to its own date: a weekday ("يوم السبت", "الخميس", "on Saturday") is the
 * latest such day on or before the report's date, "اليوم"/"today" is that date and "أمس"/"البارحة"/"yesterday" the
 * day before. The reference date is the publication date, else a date stamp in the text (its first ISO date). The
 * days come out as the same `day:MM-DD` anchors as dates written out, so a report saying "on Saturday" meets one
 * that gives the date, in either language.
 */

/** Normalised weekday tokens (see `normalizeArabic`) → day of the week (0 = Sunday). */
const WEEKDAYS: ReadonlyMap<string, number> = new Map([
  ['الاحد', 0],
  ['الاثنين', 1],
  ['الثلاثاء', 2],
  ['الاربعاء', 3],
  ['الخميس', 4],
  ['الجمعه', 5],
  ['السبت', 6],
  ['sunday', 0],
  ['monday', 1],
  ['tuesday', 2],
  ['wednesday', 3],
  ['thursday', 4],
  ['friday', 5],
  ['saturday', 6],
]);
/** Weekday words with another common sense ("the one", "the group/Friday prayers"): a day only after "يوم"/"on". */
const AMBIGUOUS = new Set(['الاحد', 'الجمعه']);
const TODAY = new Set(['اليوم', 'today']);
const YESTERDAY = new Set(['امس', 'البارحه', 'yesterday']);
/** Iraq's clock (UTC+3): a report stamped 22:30 UTC is the next morning there. */
const LOCAL_OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;
/** A day number this many tokens after a weekday makes it the weekday of a written date. */
const DATE_REACH = 3;
const ISO_DATE = /\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b/;

const dayKey = (ms: number): string => {
  const d = new Date(ms);
  return `day:${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
};

/** The local calendar day (as a UTC midnight) of the publication date, else of the text's first ISO date. */
export function referenceDay(publishedAt: string | null | undefined, normalized: string): number | null {
  const published = publishedAt ? Date.parse(publishedAt) : NaN;
  if (Number.isFinite(published)) {
    const local = published + LOCAL_OFFSET_MS;
    return local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  }
  const stamp = ISO_DATE.exec(normalized);
  if (!stamp) return null;
  const ms = Date.UTC(Number(stamp[1]), Number(stamp[2]) - 1, Number(stamp[3]));
  return Number.isFinite(ms) ? ms : null;
}

/** `day:MM-DD` keys (with counts) of the days `tokens` (normalised) name relative to `reference` (a UTC midnight). */
export function relativeDayAnchors(tokens: readonly string[], reference: number | null): Map<string, number> {
  const out = new Map<string, number>();
  if (reference === null) return out;
  const add = (ms: number): void => {
    const key = dayKey(ms);
    out.set(key, (out.get(key) ?? 0) + 1);
  };
  const weekday = new Date(reference).getUTCDay();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const previous = tokens[i - 1];
    if (TODAY.has(token)) add(reference);
    else if (YESTERDAY.has(token)) add(reference - DAY_MS);
    else {
      const day = WEEKDAYS.get(token);
      if (day === undefined) continue;
      if (AMBIGUOUS.has(token) && previous !== 'يوم') continue;
      // "on Sunday, September 12", "يوم الأحد 12 أيلول": the written date says which day; read that one only.
      if (tokens.slice(i + 1, i + 1 + DATE_REACH).some((t) => /^\d{1,2}$/.test(t))) continue;
      add(reference - ((weekday - day + 7) % 7) * DAY_MS);
    }
  }
  return out;
}
