/**
 * Light stemming for matching Arabic and English words in clustering: strips the attached particles and common
 * inflection suffixes so "والقوات", "للقوات" and "القوات" meet. Hand-written (Light10-style) because the Snowball
 * Arabic stemmer cuts to roots, which merges too many unrelated words for event matching, and adds a CJS dependency.
 * Input must already be normalised (`normalizeArabic`: ة→ه, alef forms unified, lower case).
 */

const AR_PREFIXES = [
  'وبال',
  'وكال',
  'فبال',
  'ولل',
  'وال',
  'بال',
  'كال',
  'فال',
  'لل',
  'ال',
  'وب',
  'ول',
  'وس',
  'فس',
];
// Single-letter particles (و ف ب ل) are left on: stripping them also cuts names (بغداد, واشنطن, وزير).
const AR_SUFFIXES = [
  'هما',
  'كما',
  'تين',
  'يين',
  'ات',
  'ون',
  'ين',
  'ان',
  'ها',
  'هم',
  'هن',
  'كم',
  'نا',
  'يه',
  'ه',
  'ي',
];
const ARABIC_WORD = /^[\u0600-\u06FF]+$/;

function stemArabic(word: string): string {
  let w = word;
  for (const prefix of AR_PREFIXES) {
    if (w.startsWith(prefix) && w.length - prefix.length >= 3) {
      w = w.slice(prefix.length);
      break;
    }
  }
  for (const suffix of AR_SUFFIXES) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w;
}

function stemEnglish(word: string): string {
  let w = word.replace(/['’]s$/, '');
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 4) return w.slice(0, -2);
  return w;
}

/** Stem one normalised token (Arabic or Latin); digits and mixed tokens are returned unchanged. */
export function stemToken(token: string): string {
  if (ARABIC_WORD.test(token)) return stemArabic(token);
  if (/^[a-z'’]+$/.test(token)) return stemEnglish(token);
  return token;
}
