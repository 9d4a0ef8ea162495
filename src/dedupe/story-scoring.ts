/**
 * Pairwise evidence that two items report the same event. Same language: weighted Jaccard over TF-IDF weights of
 * stemmed words and word pairs (it rewards the rare words and pairs two reports share and, unlike cosine, is not
 * carried by one frequent topic word), helped by the anchors. Across languages only the anchors (gazetteer keys,
 * dates, numbers) can meet, so the rule asks for several specific shared anchors.
 */
import type { PostingIndex, SparseVector } from './posting-index.js';
import { leadSimilarity } from './lead-terms.js';
import type { LeadTerms } from './lead-terms.js';

/** Thresholds of the link rule; the defaults were tuned with `npm run eval:stories` (see docs/readme/stories.md). */
export interface LinkThresholds {
  /**
   * Same language: weighted Jaccard of terms that links when the two also share `textSharedSpecific` specific
   * anchors. @defaultValue 0.08
   */
  text: number;
  /** @defaultValue 1 */
  textSharedSpecific: number;
  /**
   * Same language: weighted Jaccard that links with no shared specific anchor (word overlap alone, mostly the
   * stream's generic words, does not show one event). @defaultValue 0.09
   */
  textAlone: number;
  /** Same language: anchor cosine that links when the text also reaches `textWithAnchors`. @defaultValue 0.7 */
  anchors: number;
  /** @defaultValue 0.04 */
  textWithAnchors: number;
  /** …and when they share at least this many specific anchors. @defaultValue 2 */
  anchorsSharedSpecific: number;
  /** Across languages: anchor cosine needed… @defaultValue 0.5 */
  crossAnchors: number;
  /** …together with this many shared specific (not generic) anchors. @defaultValue 2 */
  crossSharedSpecific: number;
  /** An anchor is specific when it occurs in at most this share of the indexed items. @defaultValue 0.1 */
  specificShare: number;
  /**
   * The stream's generic vocabulary (see `generic-vocabulary.ts`) counts as held by at least this share of the
   * window when IDF is computed. @defaultValue 0.15
   */
  genericShare: number;
  /**
   * Background items IDF also counts: half of them hold every generic key, none any other. @defaultValue 10
   */
  priorItems: number;
  /** Strength multiplier when both items are dated less than `closeHours` apart. @defaultValue 1.25 */
  closeInTimeBoost: number;
  /** @defaultValue 24 */
  closeHours: number;
  /**
   * Event-signature veto: an item whose signature conflicts with a story's core (see `story-profile.ts`; for a
   * one-report story, that report's signature; weights in `event-signature.ts`: a different place 2, different days
   * or people 1, different figures 0.5) by at least this weight does not join it… @defaultValue 2.5: a different
   * place alone does not veto. At 1.5 (what an F0.5 fit picks on the development corpus) seeds 000 and 001 (the
   * embassy "in Baghdad" vs a note "banned in Russia") were split in the demo in 2 of 6 runs; at 2.5 (the F1 fit,
   * `topics/iraq-drawdown.stories.json`) in none of 7, but `npm run bench:burst` keeps fewer reports apart
   * (docs/readme/stories.md).
   */
  vetoConflict: number;
  /** …unless their texts are this similar (weighted Jaccard, same language). @defaultValue 0.9 */
  vetoText: number;
  /**
   * Story as a whole (see `story-profile.ts`): the veto compares an item with the story's core, the signature keys
   * named by at least this share of its reports (for a one-report story, that report). @defaultValue 0.5
   */
  coreShare: number;
  /** Story support: weight of the other members' link strengths… @defaultValue 0.1 */
  storySupport: number;
  /** …capped at this bonus. @defaultValue 0.15 */
  maxSupport: number;
  /**
   * Aggregate route: anchor cosine between an item and the story's mean anchor vector that ties the item to a story
   * of several reports… @defaultValue 99 (off: at 0.5–0.6 it glued separate events on the development corpus and in
   * `npm run bench:burst`)
   */
  storyAnchors: number;
  /** …when the item shares at least this many specific anchors with the story's reports. @defaultValue 3 */
  storySharedSpecific: number;
  /**
   * Same language: IDF-weighted Jaccard of the headline-and-lead terms (see `lead-terms.ts`) that links… @defaultValue 0.3
   */
  leadText: number;
  /** …when the two also share this many specific anchors. @defaultValue 1 */
  leadSharedSpecific: number;
  /**
   * Lead-actor route (see `lead-actors.ts`): same language, dated less than `closeHours` apart, texts at least
   * `textWithAnchors` alike, and the leads name at least this many of the same actors, none generic, one rare in
   * the window. @defaultValue 2 (99: off)
   */
  leadActors: number;
}

export const DEFAULT_LINK_THRESHOLDS: Readonly<LinkThresholds> = {
  text: 0.08,
  textSharedSpecific: 1,
  textAlone: 0.09,
  anchors: 0.7,
  textWithAnchors: 0.04,
  anchorsSharedSpecific: 2,
  crossAnchors: 0.5,
  crossSharedSpecific: 2,
  specificShare: 0.1,
  genericShare: 0.15,
  priorItems: 10,
  closeInTimeBoost: 1.25,
  closeHours: 24,
  vetoConflict: 2.5,
  vetoText: 0.9,
  coreShare: 0.5,
  storySupport: 0.1,
  maxSupport: 0.15,
  storyAnchors: 99,
  storySharedSpecific: 3,
  leadText: 0.12,
  leadSharedSpecific: 1,
  leadActors: 2,
};

export { idf } from './posting-index.js';

/** What a pair score reads of one item: its language and its term and anchor vectors in the index's ids. */
export interface ScoredSide {
  lang: 'ar' | 'en' | null;
  /** A headline over a short body: a few words overlap by chance, so word overlap alone never links it. */
  short: boolean;
  terms: SparseVector;
  anchors: SparseVector;
  /** The headline-and-lead terms (absent: no lead route). */
  lead?: LeadTerms;
}

/** The two key indexes the vectors refer to; IDF comes from their current decision (see `beginDecision`). */
export interface ScoringIndexes {
  terms: PostingIndex;
  anchors: PostingIndex;
  /** Items the frequencies count (the held items plus the one being decided). */
  size: number;
}

/** Weighted Jaccard (Σ min / Σ max) of the TF-IDF weights of two vectors: one merge of two sorted id arrays. */
export function weightedJaccard(a: SparseVector, b: SparseVector, index: PostingIndex): number {
  let min = 0;
  let max =
    (a.unseenWeight + b.unseenWeight) * index.unseenIdf() +
    (a.unseenGenericWeight + b.unseenGenericWeight) * index.unseenGenericIdf();
  let i = 0;
  let j = 0;
  const na = a.ids.length;
  const nb = b.ids.length;
  while (i < na && j < nb) {
    const ia = a.ids[i] as number;
    const ib = b.ids[j] as number;
    if (ia === ib) {
      const w = index.idfOf(ia);
      const wa = (a.weights[i] as number) * w;
      const wb = (b.weights[j] as number) * w;
      if (wa < wb) {
        min += wa;
        max += wb;
      } else {
        min += wb;
        max += wa;
      }
      i++;
      j++;
    } else if (ia < ib) {
      max += (a.weights[i] as number) * index.idfOf(ia);
      i++;
    } else {
      max += (b.weights[j] as number) * index.idfOf(ib);
      j++;
    }
  }
  for (; i < na; i++) max += (a.weights[i] as number) * index.idfOf(a.ids[i] as number);
  for (; j < nb; j++) max += (b.weights[j] as number) * index.idfOf(b.ids[j] as number);
  return max === 0 ? 0 : min / max;
}

/**
 * TF-IDF cosine of two vectors, and how many shared keys are specific (not generic, document frequency ≤ `maxDf`). With
 * `shared`, the shared key ids and their contributions are pushed onto it (unsorted).
 */
export function weightedCosine(
  a: SparseVector,
  b: SparseVector,
  index: PostingIndex,
  maxDf = Infinity,
  shared?: Array<[number, number]>,
): { cosine: number; sharedSpecific: number } {
  const unseen = index.unseenIdf() ** 2;
  const unseenGeneric = index.unseenGenericIdf() ** 2;
  let normA = a.unseenSquared * unseen + a.unseenGenericSquared * unseenGeneric;
  let normB = b.unseenSquared * unseen + b.unseenGenericSquared * unseenGeneric;
  let dot = 0;
  let sharedSpecific = 0;
  let i = 0;
  let j = 0;
  const na = a.ids.length;
  const nb = b.ids.length;
  while (i < na || j < nb) {
    const ia = i < na ? (a.ids[i] as number) : Infinity;
    const ib = j < nb ? (b.ids[j] as number) : Infinity;
    if (ia === ib) {
      const w = index.idfOf(ia);
      const wa = (a.weights[i] as number) * w;
      const wb = (b.weights[j] as number) * w;
      normA += wa * wa;
      normB += wb * wb;
      dot += wa * wb;
      if (index.isSpecific(ia, maxDf)) sharedSpecific++;
      shared?.push([ia, wa * wb]);
      i++;
      j++;
    } else if (ia < ib) {
      const wa = (a.weights[i] as number) * index.idfOf(ia);
      normA += wa * wa;
      i++;
    } else {
      const wb = (b.weights[j] as number) * index.idfOf(ib);
      normB += wb * wb;
      j++;
    }
  }
  const cosine = normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
  return { cosine, sharedSpecific };
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
 * time, so two dated items less than `closeHours` apart get `closeInTimeBoost`. `withSharedAnchors: false` skips
 * naming the shared anchors (the hot path; `sharedAnchors` is then empty).
 */
export function scorePair(
  a: ScoredSide,
  b: ScoredSide,
  indexes: ScoringIndexes,
  thresholds: LinkThresholds = DEFAULT_LINK_THRESHOLDS,
  hoursApart: number | null = null,
  withSharedAnchors = true,
): PairScore {
  const sameLanguage = a.lang !== null && a.lang === b.lang;
  const text = sameLanguage ? weightedJaccard(a.terms, b.terms, indexes.terms) : 0;
  const maxDf = Math.max(2, thresholds.specificShare * indexes.size);
  const shared: Array<[number, number]> | undefined = withSharedAnchors ? [] : undefined;
  const { cosine: anchors, sharedSpecific } = weightedCosine(
    a.anchors,
    b.anchors,
    indexes.anchors,
    maxDf,
    shared,
  );
  let strength: number;
  if (sameLanguage) {
    const byText =
      sharedSpecific >= thresholds.textSharedSpecific
        ? text / thresholds.text
        : a.short || b.short
          ? 0
          : text / thresholds.textAlone;
    const byAnchors =
      text >= thresholds.textWithAnchors && sharedSpecific >= thresholds.anchorsSharedSpecific
        ? anchors / thresholds.anchors
        : 0;
    const byLead =
      a.lead && b.lead && sharedSpecific >= thresholds.leadSharedSpecific
        ? leadSimilarity(a.lead, b.lead, indexes.terms) / thresholds.leadText
        : 0;
    strength = Math.max(byText, byAnchors, byLead);
  } else {
    strength = sharedSpecific >= thresholds.crossSharedSpecific ? anchors / thresholds.crossAnchors : 0;
  }
  if (hoursApart !== null && hoursApart < thresholds.closeHours) strength *= thresholds.closeInTimeBoost;
  const sharedAnchors = !shared
    ? []
    : shared
        .map(([id, weight]): [string, number] => [indexes.anchors.keyOf(id), weight])
        .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
        .map(([key]) => key);
  return { strength, text, anchors, sameLanguage, sharedAnchors, sharedSpecific };
}
