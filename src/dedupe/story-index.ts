/**
 * The in-memory story index: assigns each new item to a story, marks exact and near-duplicates (reposts) and
 * revisions, and forgets items older than the time window. Deterministic: the same items in the same order give
 * the same assignments, so the pipeline rebuilds it at start by replaying stored items through {@link StoryIndex.restore}
 * (or {@link StoryIndex.fromSnapshot}).
 */
import { canonicalizeUrl, stableIdFromUrl } from './canonical-url.js';
import { compileGazetteer, placeContainment } from './gazetteer.js';
import type { Gazetteer, GazetteerMatcher } from './gazetteer.js';
import { genericVocabulary } from './generic-vocabulary.js';
import { anchorsOfText, computeFeatures, MAX_FEATURE_CHARS, type ItemFeatures } from './item-features.js';
import { PostingIndex } from './posting-index.js';
import { topHits } from './top-hits.js';
import { heldItem } from './held-item.js';
import { compactVector } from './held-vector.js';
import { heldParagraphs, ParagraphCounts, paragraphHashes } from './background-paragraphs.js';
import { hashableContent } from './content-hash.js';
import { hash64Hex } from './hash32.js';
import { signatureLead, signatureConflict, signatureOf } from './event-signature.js';
import type { EventSignature } from './event-signature.js';
import { DEFAULT_LINK_THRESHOLDS, scorePair } from './story-scoring.js';
import type { LinkThresholds, PairScore, ScoredSide, ScoringIndexes } from './story-scoring.js';
import { addStoryEvidence, memberTie, storyReason } from './story-ties.js';
import type { StoryEvidence } from './story-ties.js';
import { leadTermKeys, leadTermsOf } from './lead-terms.js';
import { actorsOf, leadActorRoute } from './lead-actors.js';
import { storyAnchorMatch, storyConflict, StoryProfiles } from './story-profile.js';
import { hoursBetween, itemTime, nearStoryInTime, parseTime } from './story-time.js';
import {
  MIN_TEXT_FOR_COPY,
  BACKGROUND_HOLDERS,
  CANDIDATE_KEYS,
  MAX_POSTING,
  MAX_CANDIDATES,
  copyEvidence,
} from './story-index-limits.js';

export interface StoryCandidate {
  id: string;
  lang: string | null;
  title?: string | null;
  text: string;
  url?: string | null;
  publishedAt?: string | null;
  /**
   * When raqib got the item (its fetch time). Eviction goes by it when given, so items that arrive out of
   * publication order (a backlog, a replayed archive) still meet the reports published next to them.
   */
  seenAt?: string | null;
}

export interface StoryAssignment {
  /** `st-<id of the item that founded the story>`. */
  storyId: string;
  /** The earlier item this one is an exact or near-verbatim copy of (a repost: never alert twice). */
  duplicateOf: string | null;
  /** The earlier item with the same canonical URL or stable id whose content changed (update the alert). */
  revisionOf: string | null;
  /** Link strength to the best earlier item (≥ 1 joined its story; 0 when nothing was comparable). */
  score: number;
  /** Why, for operators: `same-url:<id>`, `exact:<id>`, `near-duplicate:<id> …`, `story:<id> …`, `new-story`. */
  reasons: string[];
}

export interface StoryIndexOptions {
  /** Items further apart than this are never one story or duplicates. @defaultValue 72 */
  windowHours?: number;
  /** Bilingual names → anchor keys; without it only dates and numbers are anchors. */
  gazetteer?: Gazetteer;
  /** Link thresholds. @defaultValue DEFAULT_LINK_THRESHOLDS */
  thresholds?: Partial<LinkThresholds>;
  /**
   * Read days named relative to the publication date or a date stamp ("on Saturday", "أمس", see
   * `relative-days.ts`) as `day:` anchors. Experimental. @defaultValue false
   */
  relativeDays?: boolean;
  /**
   * Keep each held item's title and text, so {@link StoryIndex.snapshot} can rebuild the index. Off: the index keeps
   * only compact features (see `held-item.ts`) and the snapshot's items have an empty text. @defaultValue false
   */
  keepTexts?: boolean;
}

/** What an entry keeps of its features: near-duplicate sketches and the exact key (terms live in the vectors). */
type HeldFeatures = Pick<ItemFeatures, 'lang' | 'shingles' | 'simhash' | 'exactKey'>;

interface Entry extends ScoredSide {
  /** Insertion number: posting lists hold slots, not ids. */
  slot: number;
  item: StoryCandidate;
  assignment: StoryAssignment;
  features: HeldFeatures;
  time: number | null;
  /** Time used for eviction: seenAt, else publishedAt, else the latest publishedAt seen when it was added. */
  evictTime: number | null;
  urlKey: string | null;
  stableId: string | null;
  signature: EventSignature;
  /** Organisations and people its headline and lead name (see `lead-actors.ts`). */
  actors: readonly string[];
  /** Its distinct paragraph hashes (see `heldParagraphs`). */
  paragraphs: Uint32Array;
}

/** The item being decided: its full features and its vectors against the keys held now. */
interface Probe extends ScoredSide {
  features: ItemFeatures;
  signature: EventSignature;
  actors: readonly string[];
}

/** Serialisable state: the items and their assignments in insertion order. */
export interface StoryIndexSnapshot {
  version: 1;
  entries: Array<{ item: StoryCandidate; assignment: StoryAssignment }>;
}

const isCopy = (entry: Entry): boolean =>
  entry.assignment.duplicateOf !== null || entry.assignment.revisionOf !== null;

const round = (x: number): number => Math.round(x * 1000) / 1000;

export class StoryIndex {
  private readonly windowMs: number;
  private readonly matcher: GazetteerMatcher | null;
  private readonly thresholds: LinkThresholds;
  private readonly entries = new Map<string, Entry>();
  private readonly bySlot = new Map<number, Entry>();
  private nextSlot = 0;
  private readonly byUrl = new Map<string, string>();
  private readonly byStableId = new Map<string, string>();
  private readonly byExact = new Map<string, string>();
  private readonly terms: PostingIndex;
  private readonly anchors: PostingIndex;
  private readonly revisions = new Map<string, string[]>();
  private latestTime: number | null = null;
  private readonly paragraphs = new ParagraphCounts(BACKGROUND_HOLDERS);
  /** Generic anchors that never tell events apart (see `GenericVocabulary.broad`). */
  private readonly broad: ReadonlySet<string>;
  private readonly relativeDays: boolean;
  private readonly profiles = new StoryProfiles();
  private lastLead: { item: StoryCandidate; keys: Set<string> } | null = null;
  private readonly keepTexts: boolean;
  /** Whether two place keys name the same where (one lies within the other, see the gazetteer's `within`). */
  private readonly samePlace: (a: string, b: string) => boolean;

  constructor(options: StoryIndexOptions = {}) {
    this.windowMs = (options.windowHours ?? 72) * 3_600_000;
    this.matcher = options.gazetteer ? compileGazetteer(options.gazetteer) : null;
    this.thresholds = { ...DEFAULT_LINK_THRESHOLDS, ...options.thresholds };
    this.relativeDays = options.relativeDays ?? true;
    this.keepTexts = options.keepTexts ?? false;
    this.samePlace = placeContainment(options.gazetteer?.within);
    const generic = options.gazetteer ? genericVocabulary(options.gazetteer) : null;
    this.broad = generic?.broad ?? new Set();
    const { genericShare, priorItems } = this.thresholds;
    this.terms = new PostingIndex(MAX_POSTING, generic?.terms, genericShare, priorItems, false);
    this.anchors = new PostingIndex(MAX_POSTING, generic?.anchors, genericShare, priorItems);
  }

  /** Rebuild an index from {@link StoryIndex.snapshot} output. */
  static fromSnapshot(snapshot: StoryIndexSnapshot, options: StoryIndexOptions = {}): StoryIndex {
    const index = new StoryIndex(options);
    for (const { item, assignment } of snapshot.entries) index.restore(item, assignment);
    return index;
  }

  /** Number of items held (within the window). */
  get size(): number {
    return this.entries.size;
  }

  /** Assign an item to a story (and add it). An id seen before gets its earlier assignment back. */
  assign(item: StoryCandidate): StoryAssignment {
    const known = this.entries.get(item.id);
    if (known) return known.assignment;
    const { features, paragraphs } = this.featuresOf(item);
    const assignment = this.decide(item, features);
    this.add(item, features, assignment, paragraphs);
    return assignment;
  }

  /** Add an item with an assignment decided earlier (rebuilding from storage); does not re-decide. */
  restore(item: StoryCandidate, assignment: StoryAssignment): void {
    if (this.entries.has(item.id)) return;
    const { features, paragraphs } = this.featuresOf(item);
    this.add(item, features, assignment, paragraphs);
  }

  /**
   * Features of an item compared without its background paragraphs (the exact key still covers the whole text),
   * and its paragraph hashes.
   */
  private featuresOf(item: StoryCandidate): { features: ItemFeatures; paragraphs: Array<string | null> } {
    const paragraphs = paragraphHashes(item.text ?? '');
    const stripped = this.paragraphs.strip(item.text ?? '', paragraphs);
    const input = stripped === null ? item : { ...item, text: stripped };
    const features = computeFeatures(input, this.matcher, this.relativeDays);
    if (stripped === null) return { features, paragraphs };
    features.exactKey = hash64Hex(
      hashableContent(item.title, (item.text ?? '').slice(0, MAX_FEATURE_CHARS * 4)),
    );
    return { features, paragraphs };
  }

  /**
   * Forget items seen (`seenAt`), else published, before `date`; undated items go by the latest publication time
   * known when they were added, and those added before any dated one stay.
   */
  evictBefore(date: Date): void {
    const limit = date.getTime();
    for (const [id, entry] of this.entries) {
      if (entry.evictTime === null || entry.evictTime >= limit) continue;
      this.entries.delete(id);
      this.bySlot.delete(entry.slot);
      if (!isCopy(entry))
        this.profiles.remove(entry.assignment.storyId, entry.signature, entry.anchors, entry.time);
      this.terms.remove(entry.slot, entry.terms);
      this.anchors.remove(entry.slot, entry.anchors);
      this.paragraphs.removeHeld(entry.paragraphs);
      if (entry.urlKey && this.byUrl.get(entry.urlKey) === id) this.byUrl.delete(entry.urlKey);
      if (entry.stableId && this.byStableId.get(entry.stableId) === id)
        this.byStableId.delete(entry.stableId);
      if (this.byExact.get(entry.features.exactKey) === id) this.byExact.delete(entry.features.exactKey);
      this.revisions.delete(id);
    }
  }

  /** Ids of the revisions of an item, oldest first (empty when it has none or was evicted). */
  revisionsOf(id: string): string[] {
    return [...(this.revisions.get(id) ?? [])];
  }

  /** Serialisable state (items and assignments in insertion order). */
  snapshot(): StoryIndexSnapshot {
    return {
      version: 1,
      entries: [...this.entries.values()].map(({ item, assignment }) => ({ item, assignment })),
    };
  }

  /** Score two held items against each other (for evaluation and operator tooling). */
  explainPair(idA: string, idB: string): PairScore | null {
    const a = this.entries.get(idA);
    const b = this.entries.get(idB);
    if (!a || !b) return null;
    return scorePair(a, b, this.beginDecision(), this.thresholds, hoursBetween(a.time, b.time));
  }

  /** Anchor keys of a held item (for evaluation and operator tooling). */
  anchorsOf(id: string): string[] {
    const entry = this.entries.get(id);
    return entry ? [...entry.anchors.ids].map((key) => this.anchors.keyOf(key)) : [];
  }

  /** IDF over the held items plus the one being decided, memoised until the next decision. */
  private beginDecision(): ScoringIndexes {
    const size = this.entries.size + 1;
    this.terms.beginDecision(size);
    this.anchors.beginDecision(size);
    return { terms: this.terms, anchors: this.anchors, size };
  }

  private originalOf(id: string): string {
    const entry = this.entries.get(id);
    return entry?.assignment.duplicateOf ?? entry?.assignment.revisionOf ?? id;
  }

  private decide(item: StoryCandidate, features: ItemFeatures): StoryAssignment {
    const urlKey = item.url ? canonicalizeUrl(item.url) : null;
    const stableId = item.url ? stableIdFromUrl(item.url) : null;
    const sameUrlId =
      (stableId ? this.byStableId.get(stableId) : undefined) ?? (urlKey ? this.byUrl.get(urlKey) : undefined);
    const sameUrl = sameUrlId ? this.entries.get(sameUrlId) : undefined;
    if (sameUrl) {
      const root = sameUrl.assignment.revisionOf ?? sameUrl.item.id;
      const latest = this.revisions.get(root)?.at(-1) ?? root;
      const unchanged = this.entries.get(latest)?.features.exactKey === features.exactKey;
      return unchanged
        ? {
            storyId: sameUrl.assignment.storyId,
            duplicateOf: latest,
            revisionOf: null,
            score: 1,
            reasons: [`same-url:${latest}`, 'same-content'],
          }
        : {
            storyId: sameUrl.assignment.storyId,
            duplicateOf: null,
            revisionOf: root,
            score: 1,
            reasons: [`same-url:${root}`, 'content-changed'],
          };
    }
    const exactId = this.byExact.get(features.exactKey);
    const exact = exactId ? this.entries.get(exactId) : undefined;
    if (exact && this.withinWindow(exact.time, itemTime(item))) {
      const original = this.originalOf(exact.item.id);
      return {
        storyId: exact.assignment.storyId,
        duplicateOf: original,
        revisionOf: null,
        score: 1,
        reasons: [`exact:${exact.item.id}`],
      };
    }
    return this.decideBySimilarity(item, features);
  }

  private decideBySimilarity(item: StoryCandidate, features: ItemFeatures): StoryAssignment {
    const time = itemTime(item);
    const probe: Probe = {
      lang: features.lang,
      short: features.short,
      features,
      terms: this.terms.probe(features.terms),
      anchors: this.anchors.probe(features.anchors),
      ...this.leadSignatureOf(item),
    };
    probe.lead = leadTermsOf(this.leadKeysOf(item), probe.terms, this.terms);
    const indexes = this.beginDecision();
    const hits = new Map<number, number>();
    this.terms.collect(probe.terms, hits, CANDIDATE_KEYS);
    this.anchors.collect(probe.anchors, hits, CANDIDATE_KEYS / 2);
    const candidates = topHits(hits, MAX_CANDIDATES);
    const maxDf = Math.max(2, this.thresholds.specificShare * indexes.size);
    const rare = (key: string): boolean => !this.broad.has(key) && this.anchors.df(key) <= maxDf;
    const actorRoute = leadActorRoute(this.thresholds, this.broad, (key) => this.anchors.df(key), maxDf);
    const byActors = new Map<Entry, string[]>();
    let nearDuplicate: { entry: Entry; containment: number; hamming: number } | null = null;
    const stories = new Map<string, StoryEvidence<Entry>>();
    const nearIdentical = new Set<string>();
    for (const [slot] of candidates) {
      const entry = this.bySlot.get(slot);
      if (!entry || !this.withinWindow(entry.time, time)) continue;
      const hours = hoursBetween(entry.time, time);
      const pair = scorePair(probe, entry, indexes, this.thresholds, hours, false);
      const actors = actorRoute(probe.actors, entry.actors, pair, hours);
      if (actors) byActors.set(entry, actors);
      const conflict = signatureConflict(probe.signature, entry.signature, rare, undefined, this.samePlace);
      const copy =
        pair.text >= MIN_TEXT_FOR_COPY
          ? copyEvidence(features, entry.features, conflict, this.thresholds.vetoConflict)
          : null;
      if (copy && (!nearDuplicate || copy.containment > nearDuplicate.containment)) {
        nearDuplicate = { entry, ...copy };
      }
      if (pair.text >= this.thresholds.vetoText) nearIdentical.add(entry.assignment.storyId);
      addStoryEvidence(stories, entry.assignment.storyId, entry, pair.strength, isCopy);
    }
    let best: { entry: Entry; support: number; supporters: number } | null = null;
    for (const [storyId, story] of stories) {
      const vetoable = !nearIdentical.has(storyId);
      const support = this.storyTie(storyId, story, probe, indexes, time, vetoable ? rare : null);
      if (!best || support > best.support)
        best = { entry: story.best.entry, support, supporters: story.others.length };
    }
    if (nearDuplicate) {
      const { entry, containment, hamming } = nearDuplicate;
      return {
        storyId: entry.assignment.storyId,
        duplicateOf: this.originalOf(entry.item.id),
        revisionOf: null,
        score: 1,
        reasons: [`near-duplicate:${entry.item.id} containment=${round(containment)} hamming=${hamming}`],
      };
    }
    if (best && best.support >= 1) {
      const { entry, support, supporters } = best;
      const pair = scorePair(probe, entry, indexes, this.thresholds, hoursBetween(entry.time, time));
      return {
        storyId: entry.assignment.storyId,
        duplicateOf: null,
        revisionOf: null,
        score: round(support),
        reasons: [storyReason(entry.item.id, pair, support, supporters, byActors.get(entry))],
      };
    }
    const closest = best ? [`closest:${best.entry.item.id} strength=${round(best.support)}`] : [];
    return {
      storyId: `st-${item.id}`,
      duplicateOf: null,
      revisionOf: null,
      score: best ? round(best.support) : 0,
      reasons: ['new-story', ...closest],
    };
  }

  /**
   * How strongly the item is tied to a candidate story: 0 when it contradicts the story's core (see
   * `story-profile.ts`; `rare` null: a near-identical member, never vetoed), else its members' tie, or the
   * aggregate anchor route when that is stronger.
   */
  private storyTie(
    storyId: string,
    story: StoryEvidence<Entry>,
    probe: Probe,
    indexes: ScoringIndexes,
    time: number | null,
    rare: ((key: string) => boolean) | null,
  ): number {
    const t = this.thresholds;
    const profile = this.profiles.get(storyId);
    if (profile && !nearStoryInTime(time, profile.times.keys(), this.windowMs)) return 0;
    if (
      profile &&
      rare &&
      storyConflict(probe.signature, profile, rare, t.coreShare, undefined, this.samePlace) >= t.vetoConflict
    )
      return 0;
    const tie = memberTie(story, t);
    // The aggregate route can reach 1 only when its threshold is within the time boost (99: off).
    if (!profile || profile.members < 2 || t.closeInTimeBoost < t.storyAnchors) return tie;
    const maxDf = Math.max(2, t.specificShare * indexes.size);
    const match = storyAnchorMatch(probe.anchors, profile, indexes.anchors, maxDf);
    if (match.sharedSpecific < t.storySharedSpecific) return tie;
    const hours = hoursBetween(story.best.entry.time, time);
    const boost = hours !== null && hours < t.closeHours ? t.closeInTimeBoost : 1;
    return Math.max(tie, (match.cosine / t.storyAnchors) * boost);
  }

  /** Lead term keys of an item, computed once for its decision and its entry. */
  private leadKeysOf(item: StoryCandidate): Set<string> {
    if (this.lastLead?.item !== item)
      this.lastLead = { item, keys: leadTermKeys(item.title, item.text ?? '') };
    return this.lastLead.keys;
  }

  /** The event signature and the actors, read from the headline and lead (see `event-signature.ts`). */
  private leadSignatureOf(item: StoryCandidate): { signature: EventSignature; actors: string[] } {
    const keys = [...anchorsOfText(signatureLead(item.title, item.text ?? ''), this.matcher).keys()];
    return { signature: signatureOf(keys), actors: actorsOf(keys) };
  }

  private withinWindow(a: number | null, b: number | null): boolean {
    return a === null || b === null || Math.abs(a - b) <= this.windowMs;
  }

  private add(
    item: StoryCandidate,
    features: ItemFeatures,
    assignment: StoryAssignment,
    paragraphs: Array<string | null>,
  ): void {
    const id = item.id;
    const time = itemTime(item);
    const published = parseTime(item.publishedAt);
    if (published !== null && (this.latestTime === null || published > this.latestTime))
      this.latestTime = published;
    const urlKey = item.url ? canonicalizeUrl(item.url) : null;
    const stableId = item.url ? stableIdFromUrl(item.url) : null;
    const slot = this.nextSlot++;
    const { lang, shingles, simhash, exactKey } = features;
    const { signature, actors } = this.leadSignatureOf(item);
    const rawTerms = this.terms.add(slot, features.terms);
    const held = compactVector(rawTerms, leadTermsOf(this.leadKeysOf(item), rawTerms, this.terms));
    const entry: Entry = {
      slot,
      item: this.keepTexts ? item : heldItem(item),
      assignment,
      features: { lang, shingles, simhash, exactKey },
      lang,
      short: features.short,
      terms: held.terms,
      lead: held.lead,
      anchors: compactVector(this.anchors.add(slot, features.anchors)).terms,
      time,
      evictTime: parseTime(item.seenAt) ?? published ?? this.latestTime,
      urlKey,
      stableId,
      signature,
      actors,
      paragraphs: heldParagraphs(paragraphs),
    };
    this.entries.set(id, entry);
    if (!isCopy(entry)) this.profiles.add(assignment.storyId, entry.signature, entry.anchors, entry.time);
    this.paragraphs.add(paragraphs);
    this.bySlot.set(slot, entry);
    if (assignment.revisionOf) {
      const list = this.revisions.get(assignment.revisionOf) ?? [];
      list.push(id);
      this.revisions.set(assignment.revisionOf, list);
    } else {
      if (urlKey && !this.byUrl.has(urlKey)) this.byUrl.set(urlKey, id);
      if (stableId && !this.byStableId.has(stableId)) this.byStableId.set(stableId, id);
    }
    if (!this.byExact.has(features.exactKey)) this.byExact.set(features.exactKey, id);
  }
}
