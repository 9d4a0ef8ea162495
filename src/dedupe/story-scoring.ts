/**
 * Pairwise evidence that two items report the same event. Same language: weighted Jaccard over TF-IDF weights of
 * stemmed words and word pairs (it rewards the rare words and pairs two reports share and, unlike cosine, is not
 * carried by one frequent topic word), helped by the anchors. Across languages only the anchors (gazetteer keys,
 * dates, numbers) can meet, so the rule asks for several specific shared anchors.
 */
import type { ItemFeatures } from './item-features.js';

/** Document frequencies the IDF weights come from (the items currently in the index). */
export interface DocumentFrequencies {
  size: number;
  terms: ReadonlyMap<string, number>;
  anchors: ReadonlyMap<string, number>;
  /** Memos of term and anchor IDF values for one decision (optional; frequencies must not change meanwhile). */
  termIdfCache?: Map<string, number>;
  anchorIdfCache?: Map<string, number>;
}

/** Thresholds of the link rule; the defaults were tuned with `npm run eval:stories` (see docs/readme/stories.md). */
export interface LinkThresholds {
  /** Same language: weighted Jaccard of terms that links on its own. @defaultValue 0.08 */
  text: number;
  /** Same language: anchor cosine that links when the text also reaches `textWithAnchors`. @defaultValue 0.7 */
  anchors: number;
  /** @defaultValue 0.04 */
  textWithAnchors: number;
  /** Across languages: anchor cosine needed… @defaultValue 0.5 */
  crossAnchors: number;
  /** …together with this many shared specific anchors. @defaultValue 3 */
  crossSharedSpecific: number;
  /** An anchor is specific when it occurs in at most this share of the indexed items. @defaultValue 0.1 */
  specificShare: number;
  /** Strength multiplier when both items are dated less than `closeHours` apart. @defaultValue 1.25 */
  closeInTimeBoost: number;
  /** @defaultValue 24 */
  closeHours: number;
}

export const DEFAULT_LINK_THRESHOLDS: Readonly<LinkThresholds> = {
  text: 0.08,
  anchors: 0.7,
  textWithAnchors: 0.04,
  crossAnchors: 0.5,
  crossSharedSpecific: 3,
  specificShare: 0.1,
  closeInTimeBoost: 1.25,
  closeHours: 24,
};

/** Inverse document frequency, smoothed so a term seen once in a small index is not infinitely specific. */
export function idf(df: number, size: number): number {
  return Math.log(1 + (size + 1) / (df + 1));
}

type IdfOf = (key: string) => number;

function idfLookup(
  df: ReadonlyMap<string, number>,
  size: number,
  cache: Map<string, number> | undefined,
): IdfOf {
  if (!cache) return (key) => idf(df.get(key) ?? 0, size);
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = idf(df.get(key) ?? 0, size);
      cache.set(key, value);
    }
    return value;
  };
}

const tfIdf = (tf: number, key: string, idfOf: IdfOf): number =>
  (tf === 1 ? 1 : 1 + Math.log(tf)) * idfOf(key);

/** Weighted Jaccard (Σ min / Σ max) of the TF-IDF weights of two bags. */
export function weightedJaccard(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  idfOf: IdfOf,
): number {
  let min = 0;
  let max = 0;
  for (const [key, tf] of a) {
    const wa = tfIdf(tf, key, idfOf);
    const tb = b.get(key);
    if (tb === undefined) {
      max += wa;
      continue;
    }
    const wb = tfIdf(tb, key, idfOf);
    min += Math.min(wa, wb);
    max += Math.max(wa, wb);
  }
  for (const [key, tf] of b) if (!a.has(key)) max += tfIdf(tf, key, idfOf);
  return max === 0 ? 0 : min / max;
}

/** TF-IDF cosine of two bags, with the shared keys sorted by their contribution. */
export function weightedCosine(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  idfOf: IdfOf,
): { cosine: number; shared: string[] } {
  let normA = 0;
  let normB = 0;
  let dot = 0;
  const shared: Array<[string, number]> = [];
  for (const [key, tf] of a) {
    const wa = tfIdf(tf, key, idfOf);
    normA += wa * wa;
    const tb = b.get(key);
    if (tb !== undefined) {
      const wb = tfIdf(tb, key, idfOf);
      dot += wa * wb;
      shared.push([key, wa * wb]);
    }
  }
  for (const [key, tf] of b) {
    const wb = tfIdf(tf, key, idfOf);
    normB += wb * wb;
  }
  shared.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
  const cosine = normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
  return { cosine, shared: shared.map(([key]) => key) };
}

/** The parts of a pair score, kept for reasons and tuning. */
export interface PairScore {
  /** Link strength: ≥ 1 means the pair is one story (the largest ratio of a measure to its threshold). */
  strength: number;
  /** Weighted Jaccard of terms (0 across languages). */
  text: number;
  /** Anchor cosine. */
  anchors: number;
  sameLanguage: boolean;
  /** Shared anchors, most informative first. */
  sharedAnchors: string[];
  /** How many shared anchors are specific (rare in the index). */
  sharedSpecific: number;
}

/**
 * Score a pair of items (symmetric). `hoursApart` (null when either is undated): reports of one event cluster in
 * time, so two dated items less than `closeHours` apart get `closeInTimeBoost`.
 */
export function scorePair(
  a: ItemFeatures,
  b: ItemFeatures,
  df: DocumentFrequencies,
  thresholds: LinkThresholds = DEFAULT_LINK_THRESHOLDS,
  hoursApart: number | null = null,
): PairScore {
  const sameLanguage = a.lang !== null && a.lang === b.lang;
  const text = sameLanguage
    ? weightedJaccard(a.terms, b.terms, idfLookup(df.terms, df.size, df.termIdfCache))
    : 0;
  const { cosine: anchors, shared } = weightedCosine(
    a.anchors,
    b.anchors,
    idfLookup(df.anchors, df.size, df.anchorIdfCache),
  );
  const maxDf = Math.max(2, thresholds.specificShare * df.size);
  const sharedSpecific = shared.filter((key) => (df.anchors.get(key) ?? 0) <= maxDf).length;
  let strength: number;
  if (sameLanguage) {
    const byText = text / thresholds.text;
    const byAnchors = text >= thresholds.textWithAnchors ? anchors / thresholds.anchors : 0;
    strength = Math.max(byText, byAnchors);
  } else {
    strength = sharedSpecific >= thresholds.crossSharedSpecific ? anchors / thresholds.crossAnchors : 0;
  }
  if (hoursApart !== null && hoursApart < thresholds.closeHours) strength *= thresholds.closeInTimeBoost;
  return { strength, text, anchors, sameLanguage, sharedAnchors: shared, sharedSpecific };
}
