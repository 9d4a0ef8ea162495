/**
 * Everything the story index compares, computed once per item: stemmed terms (same-language similarity),
 * language-independent anchors (cross-language similarity), shingles and SimHash (near-duplicates), an exact key.
 */
import { guessLanguage, normalizeArabic, tokenize } from '../shared/text/normalize-arabic.js';
import { stripBreakingPrefixes } from './breaking-prefixes.js';
import { hashableContent } from './content-hash.js';
import { extractDateNumberAnchors } from './date-number-anchors.js';
import { referenceDay, relativeDayAnchors } from './relative-days.js';
import { matchEntities } from './gazetteer.js';
import type { GazetteerMatcher } from './gazetteer.js';
import { hash64Hex } from './hash32.js';
import { stemToken } from './light-stem.js';
import { shingleSequence, simhash, uniqueSorted } from './simhash.js';
import type { SimHash64 } from './simhash.js';
import { STOP_STEMS } from './stopwords.js';

/** Longest text looked at; reports are identified by their first paragraphs, and it bounds work on huge bodies. */
export const MAX_FEATURE_CHARS = 6000;
/** Weight of a title term relative to a body term. */
const TITLE_TERM_WEIGHT = 2;

export interface ItemFeatures {
  lang: 'ar' | 'en' | null;
  /** A title over a body shorter than SHORT_BODY_WORDS content words (a teaser or boilerplate, not a report). */
  short: boolean;
  /** Stem → weighted count (stopwords and 1-letter tokens removed; title counted double). */
  terms: Map<string, number>;
  /** Anchor key (`place:…`, `event:…`, `day:09-15`, `num:2500`, …) → count. */
  anchors: Map<string, number>;
  /** Sorted unique hashed word 3-shingles. */
  shingles: Uint32Array;
  /** The same shingles in text order, for verbatim runs. */
  sequence: Uint32Array;
  simhash: SimHash64;
  /** 16 hex digits over the normalised title and text. */
  exactKey: string;
}

const URLS = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;

/** Leading tokens of the text (headline and lead when there is no separate title) weigh more. */
export const LEAD_TOKENS = 40;
const LEAD_WEIGHT = 2;
/**
 * A body shorter than this many content words under a title is a teaser or a page's boilerplate ("نص مُنشأ…",
 * "Read the full story"), not a report: its words weigh SHORT_BODY_WEIGHT each, so the title decides, and a short
 * generic body shared by different headlines does not make them one story.
 */
export const SHORT_BODY_WORDS = 30;
const SHORT_BODY_WEIGHT = 0.1;
/** Weight of a word pair relative to its words. */
const BIGRAM_WEIGHT = 1;

const isContentStem = (stem: string): boolean =>
  stem.length >= 2 && !STOP_STEMS.has(stem) && !/^\d+$/.test(stem);

/**
 * Add unigram and bigram counts. Bigrams join neighbouring content stems ("اول_رتل"), which name an event far more
 * specifically than either word.
 */
function addCounts(
  into: Map<string, number>,
  stems: readonly string[],
  weight: number,
  leadTokens = 0,
): void {
  let previous: string | null = null;
  stems.forEach((stem, index) => {
    if (!isContentStem(stem)) {
      if (STOP_STEMS.has(stem)) return; // bigrams skip function words
      previous = null;
      return;
    }
    const w = index < leadTokens ? weight * LEAD_WEIGHT : weight;
    into.set(stem, (into.get(stem) ?? 0) + w);
    if (previous !== null && BIGRAM_WEIGHT > 0) {
      const bigram = `${previous}_${stem}`;
      into.set(bigram, (into.get(bigram) ?? 0) + w * BIGRAM_WEIGHT);
    }
    previous = stem;
  });
}

/** The term keys (content stems and neighbouring-stem pairs) a stem sequence contributes, as an item's text would. */
export function termKeysOf(stems: readonly string[]): string[] {
  const bag = new Map<string, number>();
  addCounts(bag, stems, 1);
  return [...bag.keys()];
}

/** Compute an item's features. `lang` is trusted when it is `ar` or `en`, otherwise guessed from the text. */
export function computeFeatures(
  input: { lang?: string | null; title?: string | null; text: string; publishedAt?: string | null },
  matcher: GazetteerMatcher | null,
  relativeDays = false,
): ItemFeatures {
  const rawText = (input.text ?? '').slice(0, MAX_FEATURE_CHARS).replace(URLS, ' ');
  const rawTitle = (input.title ?? '').slice(0, 1000).replace(URLS, ' ');
  const title = stripBreakingPrefixes(normalizeArabic(rawTitle));
  const text = stripBreakingPrefixes(normalizeArabic(rawText));
  const declared = input.lang?.toLowerCase().slice(0, 2);
  const lang = declared === 'ar' || declared === 'en' ? declared : guessLanguage(`${rawTitle} ${rawText}`);

  const titleTokens = tokenize(title);
  const textTokens = tokenize(text);
  const titleStems = titleTokens.map(stemToken);
  const textStems = textTokens.map(stemToken);

  const terms = new Map<string, number>();
  addCounts(terms, titleStems, TITLE_TERM_WEIGHT);
  const shortBody = titleStems.length > 0 && textStems.filter(isContentStem).length < SHORT_BODY_WORDS;
  addCounts(terms, textStems, shortBody ? SHORT_BODY_WEIGHT : 1, titleStems.length === 0 ? LEAD_TOKENS : 0);

  const anchors = extractDateNumberAnchors(`${title} . ${text}`);
  // Days named relative to the report's date ("on Saturday", "أمس"), as the dates written out give them. Off by
  // default: measured in docs/readme/stories.md (it lowers the cross-validated precision with today's fit).
  if (relativeDays) {
    const reference = referenceDay(input.publishedAt, `${title} . ${text}`);
    for (const tokens of [titleTokens, textTokens]) {
      for (const [key, count] of relativeDayAnchors(tokens, reference))
        anchors.set(key, (anchors.get(key) ?? 0) + count);
    }
  }
  if (matcher) {
    for (const stems of [titleStems, textStems]) {
      for (const [key, count] of matchEntities(stems, matcher))
        anchors.set(key, (anchors.get(key) ?? 0) + count);
    }
  }

  const allTokens = [...titleTokens, ...textTokens];
  const sequence = shingleSequence(allTokens);
  const shingles = uniqueSorted(sequence);
  return {
    lang,
    short: shortBody,
    terms,
    anchors,
    shingles,
    sequence,
    simhash: simhash(shingles),
    exactKey: hash64Hex(
      rawText === (input.text ?? '') && rawTitle === (input.title ?? '')
        ? hashableFromTokens(titleTokens, textTokens)
        : hashableContent(input.title, (input.text ?? '').slice(0, MAX_FEATURE_CHARS * 4)),
    ),
  };
}

/** Anchor keys of a text (dates, numbers, gazetteer names), as {@link computeFeatures} finds them. */
export function anchorsOfText(text: string, matcher: GazetteerMatcher | null): Map<string, number> {
  const normal = stripBreakingPrefixes(normalizeArabic(text.slice(0, MAX_FEATURE_CHARS).replace(URLS, ' ')));
  const anchors = extractDateNumberAnchors(normal);
  if (matcher) {
    for (const [key, count] of matchEntities(tokenize(normal).map(stemToken), matcher))
      anchors.set(key, (anchors.get(key) ?? 0) + count);
  }
  return anchors;
}

/**
 * {@link hashableContent} from tokens already computed: the same string whenever the title and text were used
 * whole (short enough, no URLs taken out), without normalising the text a second time.
 */
function hashableFromTokens(titleTokens: readonly string[], textTokens: readonly string[]): string {
  const head = titleTokens.join(' ');
  const body = textTokens.join(' ');
  const trimmedBody = head && body.startsWith(head) ? body.slice(head.length).trim() : body;
  return `${head}\n${trimmedBody}`;
}
