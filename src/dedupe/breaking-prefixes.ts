/**
 * Headline prefixes that outlets add or drop between copies of one article ("عاجل", "Breaking:"). Removed before
 * hashing and comparing so a re-post with a new label is still the same article.
 */
import { normalizeArabic } from '../shared/text/normalize-arabic.js';

// Matched against normalised text (alef/taa-marbuta unified, lower case). Order: longest first.
const PREFIX_WORDS = [
  'عاجل جدا',
  'عاجل',
  'خاص',
  'خبر عاجل',
  'بالفيديو',
  'بالصور',
  'فيديو',
  'تحديث',
  'مباشر',
  'breaking news',
  'breaking',
  'exclusive',
  'update',
  'updated',
  'live',
  'watch',
  'just in',
];

const SEPARATORS = '\\s*(?:[:|\\-–—.!،,]+\\s*|\\s+)';
const PREFIX_PATTERN = new RegExp(
  `^(?:[\\s"'«»“”|\\-–—|]*(?:${PREFIX_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})${SEPARATORS})+`,
  'u',
);

/** Normalise text for matching and remove leading breaking-news labels ("عاجل |", "BREAKING:"), repeatedly. */
export function stripBreakingPrefixes(normalized: string): string {
  return normalized.replace(PREFIX_PATTERN, '');
}

/** `normalizeArabic` then `stripBreakingPrefixes`. */
export function normalizeHeadline(text: string): string {
  return stripBreakingPrefixes(normalizeArabic(text));
}
