/**
 * The headline and lead of a report as a set of its term ids. Two reports of one event say the same thing first
 * (who did what, where) and then diverge into background, quotes and reactions, so over a long text two paraphrases
 * share few words, while their leads share many (seeds 000 and 001: weighted Jaccard 0.06 over the texts). The lead
 * similarity is an IDF-weighted Jaccard over these sets; the event-signature veto keeps template-alike leads of
 * separate events (another base, another day) apart.
 */
import { normalizeArabic, tokenize } from '../shared/text/normalize-arabic.js';
import { stripBreakingPrefixes } from './breaking-prefixes.js';
import { leadOf } from './event-signature.js';
import { termKeysOf } from './item-features.js';
import { stemToken } from './light-stem.js';
import type { PostingIndex, SparseVector } from './posting-index.js';

const URLS = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;

export interface LeadTerms {
  /** Sorted ids (in the term index) of the lead's terms that the index holds. */
  ids: Int32Array;
  /** How many lead terms no held item has (an item being decided). */
  unseen: number;
}

export const NO_LEAD: LeadTerms = { ids: new Int32Array(0), unseen: 0 };

/** Term keys (stems and stem pairs) of the headline and lead. */
export function leadTermKeys(title: string | null | undefined, text: string): Set<string> {
  const lead = stripBreakingPrefixes(normalizeArabic(leadOf(title, text).replace(URLS, ' ')));
  return new Set(termKeysOf(tokenize(lead).map(stemToken)));
}

/** The lead's ids among an item's term vector (the vector's ids are sorted, so the result is too). */
export function leadTermsOf(keys: ReadonlySet<string>, vector: SparseVector, index: PostingIndex): LeadTerms {
  const wanted = new Set<number>();
  for (const key of keys) {
    const id = index.idOf(key);
    if (id !== undefined) wanted.add(id);
  }
  const ids: number[] = [];
  for (const id of vector.ids) if (wanted.has(id)) ids.push(id);
  return { ids: Int32Array.from(ids), unseen: Math.max(0, keys.size - ids.length) };
}

/** IDF-weighted Jaccard of two leads (0 when either is empty). */
export function leadSimilarity(a: LeadTerms, b: LeadTerms, index: PostingIndex): number {
  if ((a.ids.length === 0 && a.unseen === 0) || (b.ids.length === 0 && b.unseen === 0)) return 0;
  let shared = 0;
  let total = (a.unseen + b.unseen) * index.unseenIdf();
  let i = 0;
  let j = 0;
  while (i < a.ids.length || j < b.ids.length) {
    const ia = i < a.ids.length ? (a.ids[i] as number) : Infinity;
    const ib = j < b.ids.length ? (b.ids[j] as number) : Infinity;
    if (ia === ib) {
      const w = index.idfOf(ia);
      shared += w;
      total += w;
      i++;
      j++;
    } else if (ia < ib) {
      total += index.idfOf(ia);
      i++;
    } else {
      total += index.idfOf(ib);
      j++;
    }
  }
  return total === 0 ? 0 : shared / total;
}
