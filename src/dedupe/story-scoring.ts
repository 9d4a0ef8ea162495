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
  /** …together with this many shared specific anchors. @defaultValue 4 */
  crossSharedSpecific: number;
  /** An anchor is specific when it occurs in at most this share of the indexed items. @defaultValue 0.1 */
  specificShare: number;
}

export const DEFAULT_LINK_THRESHOLDS: Readonly<LinkThresholds> = {
  text: 0.08,
  anchors: 0.7,
  textWithAnchors: 0.04,
  crossAnchors: 0.5,
  crossSharedSpecific: 4,
  specificShare: 0.1,
};

/** Inverse document frequency, smoothed so a term seen once in a small index is not infinitely specific. */
export function idf(df: number, size: number): number {
  return Math.log(1 + (size + 1) / (df + 1));
}

const tfIdf = (tf: number, df: number, size: number): number => (1 + Math.log(tf)) * idf(df, size);

/** Weighted Jaccard (Σ min / Σ max) of the TF-IDF weights of two bags. */
export function weightedJaccard(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  df: ReadonlyMap<string, number>,
  size: number,
): number {
  let min = 0;
  let max = 0;
  for (const [key, tf] of a) {
    const wa = tfIdf(tf, df.get(key) ?? 0, size);
    const tb = b.get(key);
    if (tb === undefined) {
      max += wa;
      continue;
    }
    const wb = tfIdf(tb, df.get(key) ?? 0, size);
    min += Math.min(wa, wb);
    max += Math.max(wa, wb);
  }
  for (const [key, tf] of b) if (!a.has(key)) max += tfIdf(tf, df.get(key) ?? 0, size);
  return max === 0 ? 0 : min / max;
}

/** TF-IDF cosine of two bags, with the shared keys sorted by their contribution. */
export function weightedCosine(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
  df: ReadonlyMap<string, number>,
  size: number,
): { cosine: number; shared: string[] } {
  let normA = 0;
  let normB = 0;
  let dot = 0;
  const shared: Array<[string, number]> = [];
  for (const [key, tf] of a) {
    const wa = tfIdf(tf, df.get(key) ?? 0, size);
    normA += wa * wa;
    const tb = b.get(key);
    if (tb !== undefined) {
      const wb = tfIdf(tb, df.get(key) ?? 0, size);
      dot += wa * wb;
      shared.push([key, wa * wb]);
    }
  }
  for (const [key, tf] of b) {
    const wb = tfIdf(tf, df.get(key) ?? 0, size);
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

/** Score a pair of items (symmetric). */
export function scorePair(
  a: ItemFeatures,
  b: ItemFeatures,
  df: DocumentFrequencies,
  thresholds: LinkThresholds = DEFAULT_LINK_THRESHOLDS,
): PairScore {
  const sameLanguage = a.lang !== null && a.lang === b.lang;
  const text = sameLanguage ? weightedJaccard(a.terms, b.terms, df.terms, df.size) : 0;
  const { cosine: anchors, shared } = weightedCosine(a.anchors, b.anchors, df.anchors, df.size);
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
  return { strength, text, anchors, sameLanguage, sharedAnchors: shared, sharedSpecific };
}
