/**
 * Time evidence: which years a text mentions, words that date it to an earlier episode or to the current
 * process, troop counts typical of an earlier deployment, and the publication date.
 */
import type { CompiledTopic } from './compile-topic.js';
import type { Hit, TokenizedText } from './match-terms.js';

export interface TimeEvidence {
  /** Mentions of in-scope years, by year. */
  inScopeYears: Map<number, number>;
  /** Mentions of past-episode years, by year. */
  pastYears: Map<number, number>;
  pastCues: Hit[];
  currentCues: Hit[];
  /** Largest troop count at or above the topic's past-deployment threshold, if any. */
  pastTroopCount: number | undefined;
  /** The publication date when it is before the topic's scope. */
  publishedBefore: string | undefined;
  /** Sentence numbers holding past-episode evidence (past years, past cues, past-size troop counts). */
  pastSentences: Set<number>;
  /** Sentence numbers that name a past-episode year (outside captions). */
  pastYearSentences: Set<number>;
  /** Index of the first token that names a past year (-1 when none). */
  firstPastYearToken: number;
  /** Number of tokens in the text (to place past mentions relative to its length). */
  tokenCount: number;
}

const YEAR = /^(19|20)\d\d$/;
/** Words of a photo credit ("(Photo: DVIDS)", "AFP file photo", "صورة أرشيفية"), in normalised form. */
const CREDIT_WORDS = new Set(['photo', 'photos', 'photograph', 'image', 'صوره', 'ارشيفيه', 'ارشيف']);
/** A sentence this short holding a credit word is a credit line; a credit word this near a sentence's end too. */
const CREDIT_MAX_TOKENS = 6;

/**
 * Sentences of image captions: a credit line (short, or opening its sentence) and the sentence it closes ("… at Balad Air Base, May 21, 2008.
 * (Photo: DVIDS)"). A year there dates the picture, often an archive one, not the report.
 */
export function captionSentences(text: TokenizedText): Set<number> {
  const counts = new Map<number, number>();
  for (const t of text.tokens) counts.set(t.sentence, (counts.get(t.sentence) ?? 0) + 1);
  const captions = new Set<number>();
  const seen = new Map<number, number>();
  for (const t of text.tokens) {
    const index = (seen.get(t.sentence) ?? 0) + 1;
    seen.set(t.sentence, index);
    if (!CREDIT_WORDS.has(t.form)) continue;
    const length = counts.get(t.sentence) ?? 0;
    // A credit line, or one that opens a sentence (the next line runs on without a stop), closes the caption
    // before it.
    if (length <= CREDIT_MAX_TOKENS || index <= 2) {
      captions.add(t.sentence);
      if (t.sentence > 0) captions.add(t.sentence - 1);
    } else if (length - index < CREDIT_MAX_TOKENS / 2) captions.add(t.sentence);
  }
  return captions;
}
// "50 الف جندي", "50000 troops", "36 thousand soldiers" (thousand separators are joined by the tokenizer).
const TROOPS =
  /(\d+(?:\.\d+)?)\s*(الف[اي]?|الاف|thousand)?\s+(?:من\s+)?(?:ال)?(جندي|جنود|عسكري|troops|soldiers|service members|personnel)/g;

function countYears(
  text: TokenizedText,
  years: ReadonlySet<number>,
  skip: ReadonlySet<number>,
  sentences?: Set<number>,
): Map<number, number> {
  const counts = new Map<number, number>();
  if (years.size === 0) return counts;
  for (const token of text.tokens) {
    if (!YEAR.test(token.form) || skip.has(token.sentence)) continue;
    const year = Number(token.form);
    if (!years.has(year)) continue;
    counts.set(year, (counts.get(year) ?? 0) + 1);
    sentences?.add(token.sentence);
  }
  return counts;
}

/** Sentence of the token at or after `offset` in the normalised text (binary search; tokens are in order). */
function sentenceAt(text: TokenizedText, offset: number): number | undefined {
  let lo = 0;
  let hi = text.tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((text.tokens[mid]?.offset ?? 0) < offset) lo = mid + 1;
    else hi = mid;
  }
  return text.tokens[lo]?.sentence;
}

function largestTroopCount(
  text: TokenizedText,
  atLeast: number | undefined,
  sentences: Set<number>,
): number | undefined {
  if (atLeast === undefined) return undefined;
  let largest: number | undefined;
  for (const match of text.normalized.matchAll(TROOPS)) {
    const value = Number(match[1]) * (match[2] ? 1000 : 1);
    if (!Number.isFinite(value) || value < atLeast) continue;
    const sentence = sentenceAt(text, match.index);
    if (sentence !== undefined) sentences.add(sentence);
    if (largest === undefined || value > largest) largest = value;
  }
  return largest;
}

/** Collect time evidence for `text` under `topic`; `publishedAt` is an ISO date or date-time, if known. */
export function collectTimeEvidence(
  text: TokenizedText,
  hits: readonly Hit[],
  topic: CompiledTopic,
  publishedAt: string | null | undefined,
): TimeEvidence {
  let publishedBefore: string | undefined;
  const from = topic.time.publishedFrom;
  if (from !== undefined && typeof publishedAt === 'string' && /^\d{4}-\d{2}-\d{2}/.test(publishedAt)) {
    const day = publishedAt.slice(0, 10);
    if (day < from) publishedBefore = day;
  }
  const pastSentences = new Set<number>();
  const pastCues = hits.filter((h) => h.entity.kind === 'pastCue');
  for (const h of pastCues) pastSentences.add(h.sentence);
  const captions = captionSentences(text);
  const firstPastYearToken = text.tokens.findIndex(
    (t) => YEAR.test(t.form) && topic.time.pastYears.has(Number(t.form)) && !captions.has(t.sentence),
  );
  const pastYearSentences = new Set<number>();
  const pastYears = countYears(text, topic.time.pastYears, captions, pastYearSentences);
  for (const n of pastYearSentences) pastSentences.add(n);
  return {
    firstPastYearToken,
    tokenCount: text.tokens.length,
    inScopeYears: countYears(text, topic.time.inScopeYears, captions),
    pastYears,
    pastYearSentences,
    pastCues,
    currentCues: hits.filter((h) => h.entity.kind === 'currentCue'),
    pastTroopCount: largestTroopCount(text, topic.time.pastTroopCountAtLeast, pastSentences),
    publishedBefore,
    pastSentences,
  };
}

/** Total mentions in a year-count map. */
export function sumCounts(counts: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
