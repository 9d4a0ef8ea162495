/** Limits of the story index: near-duplicate tests and the bounded candidate search (see `story-index.ts`). */
import type { ItemFeatures } from './item-features.js';
import { hammingDistance, longestSharedRun, shingleContainment } from './simhash.js';
/** SimHash distance at or below which two texts are near-duplicates. */
export const NEAR_DUPLICATE_HAMMING = 3;
/** Share of the shorter text's shingles found in the longer one that makes a near-duplicate (copy in other junk). */
export const NEAR_DUPLICATE_CONTAINMENT = 0.6;
/**
 * Texts shorter than this (in shingles, ≈ words − 2) are near-duplicates only when exact: a headline over a
 * boilerplate or teaser body shares most of its few shingles (and its SimHash) with every other such item.
 */
export const MIN_SHINGLES_FOR_NEAR_DUPLICATE = 20;
/**
 * A verbatim passage this long (in 3-shingles, ≈ words − 2) plus this much containment also makes a near-duplicate:
 * copies cut at different lengths or wrapped in navigation junk share little overall but a long identical run.
 */
export const NEAR_DUPLICATE_RUN = 20;
export const NEAR_DUPLICATE_RUN_CONTAINMENT = 0.3;
/**
 * Shingles are compared only for pairs in one language whose term similarity reaches this: a copy shares its
 * words (even wrapped in junk three times its length), and most candidates are dismissed without a shingle merge.
 */
export const MIN_TEXT_FOR_COPY = 0.05;
/** Shingle containment above which two items are copies even when their event signatures conflict. */
export const COPY_DESPITE_CONFLICT = 0.9;
/**
 * Signature conflict that rules out a copy below COPY_DESPITE_CONFLICT, whatever the story veto's weight: a copy
 * repeats its original's day, officials and place, so one that names another day or official (1) is another event in
 * the same wording (a wire template, a shared background paragraph), even where the story veto would let it join.
 */
export const COPY_MAX_CONFLICT = 1;
/** A paragraph held by this many items of the window is background (see `background-paragraphs.ts`). */
export const BACKGROUND_HOLDERS = 3;
/**
 * Candidate search: the rarest keys looked up, posting lists skipped above this size (a key held by hundreds of
 * items in one window names a subject, not an event), items scored at most. Together they bound the work per item
 * whatever the window holds: at most CANDIDATE_KEYS × MAX_POSTING postings read and MAX_CANDIDATES pairs scored.
 */
export const CANDIDATE_KEYS = 40;
export const MAX_POSTING = 200;
export const MAX_CANDIDATES = 16;

/** Near-duplicate evidence between the item being decided and a held one, or null when it is not a copy. */
export function copyEvidence(
  features: ItemFeatures,
  held: Pick<ItemFeatures, 'shingles' | 'simhash'>,
  conflict: number,
  vetoConflict: number,
): { containment: number; hamming: number } | null {
  const smaller = Math.min(held.shingles.length, features.shingles.length);
  if (smaller < MIN_SHINGLES_FOR_NEAR_DUPLICATE) return null;
  const hamming = hammingDistance(held.simhash, features.simhash);
  const containment = shingleContainment(held.shingles, features.shingles);
  // A copy repeats its original's places, dates and figures: one that contradicts them is another event in the
  // same wording (wire templates, a shared background paragraph), unless nearly all of it is shared.
  if (conflict >= Math.min(vetoConflict, COPY_MAX_CONFLICT) && containment < COPY_DESPITE_CONFLICT)
    return null;
  const copied =
    hamming <= NEAR_DUPLICATE_HAMMING ||
    containment >= NEAR_DUPLICATE_CONTAINMENT ||
    (containment >= NEAR_DUPLICATE_RUN_CONTAINMENT &&
      longestSharedRun(features.sequence, held.shingles) >= NEAR_DUPLICATE_RUN);
  return copied ? { containment, hamming } : null;
}
