/**
 * Arabic-aware substring search in SQL: the same folding is applied to the column (in SQL) and to the query
 * (in JS), so "الأسد", "الاسد" and "الأسـد" with or without harakat find one another. A subset of
 * src/shared/text/normalize-arabic.ts that both PostgreSQL and PGlite can compute without an extension:
 * lower case; harakat, tatweel and bidi/zero-width marks removed; alef forms → ا; ى → ي; ؤ → و; ئ → ي; ة → ه;
 * Arabic-Indic digits → ASCII.
 */
const STRIP = '[\u064B-\u065F\u0670\u0640\u200B-\u200F\u061C\u202A-\u202E\u2066-\u2069]';
const STRIP_JS = new RegExp(STRIP, 'g');
const FROM = 'أإآٱىؤئة٠١٢٣٤٥٦٧٨٩';
const TO = 'اااايويه0123456789';

/** The folded form of `text`, as foldedColumn() computes it in SQL. */
export function foldForSearch(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase().replace(STRIP_JS, '')) {
    const at = FROM.indexOf(ch);
    out += at >= 0 ? TO[at] : ch;
  }
  return out;
}

/** SQL expression folding `column` (a trusted identifier, never user input). */
export function foldedColumn(column: string): string {
  return `translate(regexp_replace(lower(coalesce(${column}, '')), '${STRIP}', '', 'g'), '${FROM}', '${TO}')`;
}

/** A `where` fragment: `column`s contain `query` after folding. Pushes one parameter. */
export function foldedContains(columns: string[], query: string, params: unknown[]): string {
  const escaped = foldForSearch(query).replace(/[\\%_]/g, (c) => `\\${c}`);
  const ref = `$${params.push(`%${escaped}%`)}`;
  return `(${columns.map((c) => `${foldedColumn(c)} like ${ref}`).join(' or ')})`;
}
