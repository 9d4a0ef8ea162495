/**
 * Arabic text normalisation for matching (classification, hashing, clustering) — never for URLs or for text
 * shown to people. Written by hand because no maintained package unifies alef/hamza forms, yaa and taa marbuta,
 * digits and bidi controls together (see docs: `arabic-text-normalizer` only strips tashkeel).
 */

// Harakat and Quranic marks U+064B–U+065F, superscript alef U+0670, Quranic annotation marks U+06D6–U+06ED.
const DIACRITICS = /[\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;
// LRM, RLM, ALM, LRE…RLO, LRI…PDI, zero-width joiners and BOM.
const BIDI_AND_ZERO_WIDTH = /[\u200B-\u200F\u061C\u202A-\u202E\u2066-\u2069\uFEFF]/g;
const ALEF_FORMS = /[\u0622\u0623\u0625\u0671\u0672\u0673]/g; // آ أ إ ٱ ٲ ٳ → ا
const ARABIC_INDIC_DIGITS = /[\u0660-\u0669]/g;
const PERSIAN_DIGITS = /[\u06F0-\u06F9]/g;

/** Map Arabic-Indic (٠–٩) and Persian (۰–۹) digits to ASCII. */
export function toAsciiDigits(text: string): string {
  return text
    .replace(ARABIC_INDIC_DIGITS, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(PERSIAN_DIGITS, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/**
 * Fold letters typed on a Persian/Urdu keyboard into their Arabic equivalents: ی ې ۍ → ي, ک ڪ → ك, ۀ ە ہ → ه,
 * ۃ → ة. Arabic outlets whose staff type on Persian keyboards publish "أیار" and "کانون" with these letters.
 */
export function foldPersianLetters(text: string): string {
  return text
    .replace(/[\u06CC\u06D0\u06CD]/g, '\u064A')
    .replace(/[\u06A9\u06AA]/g, '\u0643')
    .replace(/[\u06C0\u06D5\u06C1]/g, '\u0647')
    .replace(/\u06C3/g, '\u0629');
}

/** Remove bidi control characters and zero-width marks. */
export function stripBidiControls(text: string): string {
  return text.replace(BIDI_AND_ZERO_WIDTH, '');
}

export interface NormalizeOptions {
  /** Map ة → ه (default true). */
  taaMarbuta?: boolean;
  /** Lower-case Latin letters (default true). */
  lowerCase?: boolean;
}

/**
 * Normalise text for matching: strip diacritics, tatweel and bidi controls; unify alef forms, ى → ي,
 * ؤ → و, ئ → ي, ة → ه; Persian-keyboard letters ({@link foldPersianLetters}); ASCII digits; NFKC; collapsed whitespace.
 */
export function normalizeArabic(text: string, options: NormalizeOptions = {}): string {
  const { taaMarbuta = true, lowerCase = true } = options;
  let out = text.normalize('NFKC');
  out = foldPersianLetters(stripBidiControls(out))
    .replace(DIACRITICS, '')
    .replace(TATWEEL, '')
    .replace(ALEF_FORMS, 'ا')
    .replace(/\u0649/g, 'ي') // ى
    .replace(/\u0624/g, 'و') // ؤ
    .replace(/\u0626/g, 'ي'); // ئ
  if (taaMarbuta) out = out.replace(/\u0629/g, 'ه');
  out = toAsciiDigits(out);
  if (lowerCase) out = out.toLowerCase();
  return out.replace(/\s+/g, ' ').trim();
}

const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/g;
const LATIN_LETTER = /[A-Za-z]/g;

/** Guess `ar` / `en` / null from the share of Arabic and Latin letters. */
export function guessLanguage(text: string): 'ar' | 'en' | null {
  const sample = text.slice(0, 4000);
  const arabic = sample.match(ARABIC_LETTER)?.length ?? 0;
  const latin = sample.match(LATIN_LETTER)?.length ?? 0;
  if (arabic + latin < 3) return null;
  return arabic >= latin ? 'ar' : 'en';
}

/** Split normalised text into word tokens (Arabic and Latin letters and digits). */
export function tokenize(normalized: string): string[] {
  return normalized.match(/[\p{L}\p{N}]+/gu) ?? [];
}
