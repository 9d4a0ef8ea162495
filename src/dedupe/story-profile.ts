/**
 * What a story as a whole says: for every story of the window, how many of its reports (copies excluded) name each
 * key of the event signature (places, days, figures, people of the headline and lead) and each anchor. An item is
 * compared with this aggregate as well as with its best single member, so
 * - one noisy member cannot glue two events: the story's *core* (what at least `coreShare` of its reports name) is
 *   what an item must not contradict, not the side place one member mentioned;
 * - several partial matches add up: an item whose anchors are spread over several reports of a story (an English
 *   report naming the base of one Arabic report and the figure of another) meets them in the aggregate.
 * Kept incrementally (added when a report joins, removed when it is evicted), so a decision reads only the
 * candidate stories' profiles.
 */
import type { EventSignature } from './event-signature.js';
import { DEFAULT_CONFLICT_WEIGHTS, keysAgree } from './event-signature.js';
import type { ConflictWeights } from './event-signature.js';
import type { PostingIndex, SparseVector } from './posting-index.js';

export interface StoryProfile {
  /** Reports counted (copies and revisions repeat their original and are not). */
  members: number;
  /** Signature key → number of reports naming it in their lead. */
  keys: Map<string, number>;
  /** Anchor id → summed log-scaled weight over the reports. */
  anchors: Map<number, number>;
  /** Publication time (ms) of the dated reports → how many (see `story-time.ts`). */
  times: Map<number, number>;
}

type Facet = keyof EventSignature;
const FACETS: readonly Facet[] = ['places', 'days', 'numbers', 'people'];
const WEIGHT_OF: Record<Facet, keyof ConflictWeights> = {
  places: 'place',
  days: 'day',
  numbers: 'number',
  people: 'person',
};

function bump<K>(map: Map<K, number>, key: K, by: number): void {
  const next = (map.get(key) ?? 0) + by;
  if (next <= 1e-9) map.delete(key);
  else map.set(key, next);
}

export class StoryProfiles {
  private readonly byStory = new Map<string, StoryProfile>();

  get(storyId: string): StoryProfile | undefined {
    return this.byStory.get(storyId);
  }

  add(storyId: string, signature: EventSignature, anchors: SparseVector, time: number | null = null): void {
    let profile = this.byStory.get(storyId);
    if (!profile) {
      profile = { members: 0, keys: new Map(), anchors: new Map(), times: new Map() };
      this.byStory.set(storyId, profile);
    }
    this.apply(profile, signature, anchors, 1, time);
  }

  remove(
    storyId: string,
    signature: EventSignature,
    anchors: SparseVector,
    time: number | null = null,
  ): void {
    const profile = this.byStory.get(storyId);
    if (!profile) return;
    this.apply(profile, signature, anchors, -1, time);
    if (profile.members <= 0) this.byStory.delete(storyId);
  }

  private apply(
    profile: StoryProfile,
    signature: EventSignature,
    anchors: SparseVector,
    sign: 1 | -1,
    time: number | null,
  ): void {
    profile.members += sign;
    if (time !== null) bump(profile.times, time, sign);
    for (const facet of FACETS) for (const key of signature[facet]) bump(profile.keys, key, sign);
    for (let i = 0; i < anchors.ids.length; i++)
      bump(profile.anchors, anchors.ids[i] as number, sign * (anchors.weights[i] as number));
  }
}

/**
 * Summed weight of the facets on which an item contradicts the story's core: the item names specific keys (`keep`)
 * in the facet, the story's reports name specific keys in it too, and the item agrees with none of the core's (keys
 * named by at least `coreShare` of the reports, at least one; places agree through `samePlace`). Where the reports
 * agree on nothing in a facet (reports of one event often give different figures, quote different officials), the
 * item contradicts the story only when it agrees with none of the keys any report names.
 */
export function storyConflict(
  signature: EventSignature,
  profile: StoryProfile,
  keep: (key: string) => boolean,
  coreShare: number,
  weights: ConflictWeights = DEFAULT_CONFLICT_WEIGHTS,
  samePlace?: (a: string, b: string) => boolean,
): number {
  const need = Math.max(1, Math.ceil(coreShare * profile.members - 1e-9));
  const named = new Map<Facet, string[]>();
  const core = new Map<Facet, string[]>();
  for (const [key, count] of profile.keys) {
    if (!keep(key)) continue;
    const facet = facetOf(key);
    if (!facet) continue;
    const all = named.get(facet);
    if (all) all.push(key);
    else named.set(facet, [key]);
    if (count < need) continue;
    const held = core.get(facet);
    if (held) held.push(key);
    else core.set(facet, [key]);
  }
  let conflict = 0;
  for (const facet of FACETS) {
    const theirs = named.get(facet);
    if (!theirs) continue;
    const mine = signature[facet].filter(keep);
    if (mine.length === 0) continue;
    const agrees = (keys: readonly string[]) =>
      mine.some((key) => keys.some((other) => keysAgree(key, other, samePlace)));
    // No core in the facet (its reports name different figures, officials or days): the item contradicts the
    // story only when it agrees with none of them.
    if (!agrees(core.get(facet) ?? theirs)) conflict += weights[WEIGHT_OF[facet]];
  }
  return conflict;
}

function facetOf(key: string): Facet | null {
  if (key.startsWith('day:')) return 'days';
  if (key.startsWith('num:')) return 'numbers';
  if (key.startsWith('place:') || key.startsWith('topic-place:')) return 'places';
  if (key.startsWith('person:') || key.startsWith('topic-person:')) return 'people';
  return null;
}

/**
 * TF-IDF cosine between an item's anchors and the story's mean anchor vector, and how many of the item's anchors
 * that are specific (`maxDf`, not generic) some report of the story names.
 */
export function storyAnchorMatch(
  probe: SparseVector,
  profile: StoryProfile,
  index: PostingIndex,
  maxDf: number,
): { cosine: number; sharedSpecific: number } {
  const n = Math.max(1, profile.members);
  let normStory = 0;
  for (const [id, weight] of profile.anchors) {
    const w = (weight / n) * index.idfOf(id);
    normStory += w * w;
  }
  let normItem =
    probe.unseenSquared * index.unseenIdf() ** 2 + probe.unseenGenericSquared * index.unseenGenericIdf() ** 2;
  let dot = 0;
  let sharedSpecific = 0;
  for (let i = 0; i < probe.ids.length; i++) {
    const id = probe.ids[i] as number;
    const idf = index.idfOf(id);
    const wi = (probe.weights[i] as number) * idf;
    normItem += wi * wi;
    const storyWeight = profile.anchors.get(id);
    if (storyWeight === undefined) continue;
    dot += wi * (storyWeight / n) * idf;
    if (index.isSpecific(id, maxDf)) sharedSpecific++;
  }
  const cosine = normItem === 0 || normStory === 0 ? 0 : dot / Math.sqrt(normItem * normStory);
  return { cosine, sharedSpecific };
}
