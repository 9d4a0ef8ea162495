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
}

const YEAR = /^(19|20)\d\d$/;
// "50 الف جندي", "50000 troops", "36 thousand soldiers" (thousand separators are joined by the tokenizer).
const TROOPS =
  /(\d+(?:\.\d+)?)\s*(الف[اي]?|الاف|thousand)?\s+(?:من\s+)?(?:ال)?(جندي|جنود|عسكري|troops|soldiers|service members|personnel)/g;

function countYears(text: TokenizedText, years: ReadonlySet<number>): Map<number, number> {
  const counts = new Map<number, number>();
  if (years.size === 0) return counts;
  for (const token of text.tokens) {
    if (!YEAR.test(token.form)) continue;
    const year = Number(token.form);
    if (years.has(year)) counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  return counts;
}

function largestTroopCount(normalized: string, atLeast: number | undefined): number | undefined {
  if (atLeast === undefined) return undefined;
  let largest: number | undefined;
  for (const match of normalized.matchAll(TROOPS)) {
    const value = Number(match[1]) * (match[2] ? 1000 : 1);
    if (Number.isFinite(value) && value >= atLeast && (largest === undefined || value > largest))
      largest = value;
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
  return {
    inScopeYears: countYears(text, topic.time.inScopeYears),
    pastYears: countYears(text, topic.time.pastYears),
    pastCues: hits.filter((h) => h.entity.kind === 'pastCue'),
    currentCues: hits.filter((h) => h.entity.kind === 'currentCue'),
    pastTroopCount: largestTroopCount(text.normalized, topic.time.pastTroopCountAtLeast),
    publishedBefore,
  };
}

/** Total mentions in a year-count map. */
export function sumCounts(counts: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}
