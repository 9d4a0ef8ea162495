/**
 * Inverted index from feature keys to the items (numeric slots) that hold them, with document frequencies. Keys are
 * interned to small integer ids while any held item has them (ids are recycled once the last holder is evicted, so
 * memory follows the window), which lets items keep their features as sorted id arrays: comparing two items is a
 * merge of two integer arrays, and IDF values are memoised per decision in flat arrays.
 */

/** A bag of keys as parallel arrays sorted by key id; `weights` are the log-scaled term frequencies. */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
  /** Summed weight of keys no held item has (document frequency 0), for items not yet in the index… */
  unseenWeight: number;
  /** …and the sum of those weights squared. */
  unseenSquared: number;
  /** The same for unseen generic keys (their document frequency is floored, see {@link PostingIndex}). */
  unseenGenericWeight: number;
  unseenGenericSquared: number;
}

/** Log-scaled term frequency: 1 for one occurrence, 1 + ln(tf) above; a down-weighted count (< 1) stays as it is. */
export const scaledTf = (tf: number): number => (tf <= 1 ? tf : 1 + Math.log(tf));

/** Inverse document frequency, smoothed so a term seen once in a small index is not infinitely specific. */
export function idf(df: number, size: number): number {
  return Math.log(1 + (size + 1) / (df + 1));
}

import { KeyTable, StringKeyTable } from './key-table.js';
import { PostingLists } from './posting-lists.js';

/** Stored document frequency that stands for 65,535 or more (the count is then in a map). */
const BIG_DF = 0xffff;

/** Share of the background items (`priorItems`) that hold each generic key. */
const GENERIC_PRIOR_SHARE = 0.5;

/**
 * Keys in `generic` (the stream's generic vocabulary) count as held by at least `genericShare` of the items
 * whenever IDF is computed, and are never specific: a window of unrelated news must not make "coalition" or
 * "انسحاب" look rare. IDF also counts `priorItems` background items, half of which hold every generic key and none
 * any other key: in a window of a few items every word looks equally rare, and the prior keeps the stream's
 * generic words cheaper than the words that name one event.
 */
export class PostingIndex {
  /** Key → id: with the key strings when `keepKeys`, else by 64-bit hash only (see `key-table.ts`). */
  private readonly idOfKey: KeyTable | StringKeyTable;
  private nextId = 0;
  private isGeneric = new Uint8Array(256);
  /** Document frequency generic keys are floored at in the current decision. */
  private genericFloor = 0;
  /** Background items holding every generic key (see the class comment). */
  private readonly genericPrior: number;
  /** Document frequency per key id, 2 bytes; BIG_DF stands for a count of 65,535 or more, kept in `bigDf`. */
  private docFreq = new Uint16Array(256);
  private readonly bigDf = new Map<number, number>();
  /**
   * Holders per key id, kept only while the key is held by at most `maxPosting` items: a commoner key is never
   * looked up, so only its count is kept (and it stays unlisted until no item holds it).
   */
  private readonly postings = new PostingLists();
  private readonly freeIds: number[] = [];
  /** IDF memo for one decision, by document frequency (few distinct values): value and the epoch it was computed in. */
  private idfValue = new Float64Array(256);
  private idfEpoch = new Int32Array(256);
  private epoch = 1;
  private epochSize = 0;

  constructor(
    private readonly maxPosting = Infinity,
    private readonly generic: ReadonlySet<string> = new Set(),
    private readonly genericShare = 0,
    private readonly priorItems = 0,
    /** Keep the key strings ({@link PostingIndex.keyOf}); without them a key costs about 30 bytes instead of ~180. */
    keepKeys = true,
  ) {
    this.genericPrior = Math.round(priorItems * GENERIC_PRIOR_SHARE);
    this.idOfKey = keepKeys ? new StringKeyTable() : new KeyTable();
  }

  /** Number of distinct keys held. */
  get keyCount(): number {
    return this.idOfKey.size;
  }

  /** Document frequency of a key (0 when no held item has it). */
  df(key: string): number {
    const id = this.idOfKey.get(key);
    return id === undefined ? 0 : this.dfAt(id);
  }

  dfOfId(id: number): number {
    return this.dfAt(id);
  }

  private dfAt(id: number): number {
    const df = this.docFreq[id] ?? 0;
    return df === BIG_DF ? (this.bigDf.get(id) ?? BIG_DF) : df;
  }

  private setDf(id: number, df: number): void {
    if (df >= BIG_DF) {
      this.docFreq[id] = BIG_DF;
      this.bigDf.set(id, df);
      return;
    }
    if (this.docFreq[id] === BIG_DF) this.bigDf.delete(id);
    this.docFreq[id] = df;
  }

  /** Document frequency IDF is computed from: the held count, floored for generic keys. */
  private effectiveDf(id: number): number {
    const df = this.dfAt(id);
    if (this.isGeneric[id] !== 1) return df;
    return Math.max(df, this.genericFloor) + this.genericPrior;
  }

  /** Whether a held key is specific: not generic, and held by at most `maxDf` items. */
  isSpecific(id: number, maxDf: number): boolean {
    return this.isGeneric[id] !== 1 && this.dfAt(id) <= maxDf;
  }

  /** Whether a held key id is in the generic vocabulary. */
  isGenericId(id: number): boolean {
    return this.isGeneric[id] === 1;
  }

  isGenericKey(key: string): boolean {
    return this.generic.has(key);
  }

  /** The key of a held id; throws when the index keeps no key strings (look ids up with {@link PostingIndex.idOf}). */
  keyOf(id: number): string {
    if (!(this.idOfKey instanceof StringKeyTable)) throw new Error('this PostingIndex keeps no key strings');
    return this.idOfKey.keyOf(id) ?? '';
  }

  /** The id of a held key (undefined when no held item has it). */
  idOf(key: string): number | undefined {
    return this.idOfKey.get(key);
  }

  /** Start a decision: IDF values are computed against `size` items and memoised until the next call. */
  beginDecision(size: number): void {
    this.epoch += 1;
    this.epochSize = size + this.priorItems;
    this.genericFloor = Math.ceil(this.genericShare * size);
  }

  /** IDF of a key id under the current decision's size (memoised per document frequency). */
  idfOf(id: number): number {
    const df = this.effectiveDf(id);
    if (this.idfEpoch[df] === this.epoch) return this.idfValue[df] ?? 0;
    if (df >= this.idfValue.length) {
      const size = Math.max(df + 1, this.idfValue.length * 2);
      this.idfValue = growFloat(this.idfValue, size);
      this.idfEpoch = grow(this.idfEpoch, size);
    }
    const value = idf(df, this.epochSize);
    this.idfValue[df] = value;
    this.idfEpoch[df] = this.epoch;
    return value;
  }

  /** IDF of a key no held item has, under the current decision's size. */
  unseenIdf(): number {
    return idf(0, this.epochSize);
  }

  /** IDF of a generic key no held item has. */
  unseenGenericIdf(): number {
    return idf(this.genericFloor + this.genericPrior, this.epochSize);
  }

  /** The vector of a bag against the keys held now (keys nobody holds go to `unseenWeight`). */
  probe(bag: ReadonlyMap<string, number>): SparseVector {
    const ids: number[] = [];
    const weights: number[] = [];
    let unseenWeight = 0;
    let unseenSquared = 0;
    let unseenGenericWeight = 0;
    let unseenGenericSquared = 0;
    for (const [key, tf] of bag) {
      const id = this.idOfKey.get(key);
      const weight = scaledTf(tf);
      if (id !== undefined) {
        ids.push(id);
        weights.push(weight);
      } else if (this.generic.has(key)) {
        unseenGenericWeight += weight;
        unseenGenericSquared += weight * weight;
      } else {
        unseenWeight += weight;
        unseenSquared += weight * weight;
      }
    }
    return {
      ...sortedVector(ids, weights),
      unseenWeight,
      unseenSquared,
      unseenGenericWeight,
      unseenGenericSquared,
    };
  }

  /** Add an item's keys under `slot`; returns its vector (ids stay valid while the item is held). */
  add(slot: number, bag: ReadonlyMap<string, number>): SparseVector {
    const ids: number[] = [];
    const weights: number[] = [];
    for (const [key, tf] of bag) {
      let id = this.idOfKey.get(key);
      let fresh = false;
      if (id === undefined) {
        id = this.allocate(key);
        this.idOfKey.set(key, id);
        fresh = true;
      }
      const df = this.dfAt(id) + 1;
      this.setDf(id, df);
      if (df > this.maxPosting) this.postings.clear(id);
      else if (fresh) this.postings.setSingle(id, slot);
      else this.postings.add(id, slot);
      ids.push(id);
      weights.push(scaledTf(tf));
    }
    return {
      ...sortedVector(ids, weights),
      unseenWeight: 0,
      unseenSquared: 0,
      unseenGenericWeight: 0,
      unseenGenericSquared: 0,
    };
  }

  /** Remove an item's keys (its vector from {@link PostingIndex.add}). */
  remove(slot: number, vector: SparseVector): void {
    for (const id of vector.ids) {
      const df = this.dfAt(id) - 1;
      if (df < 0) continue;
      this.setDf(id, df);
      this.postings.remove(id, slot);
      if (df === 0) {
        this.postings.clear(id);
        this.idOfKey.deleteId(id);
        this.freeIds.push(id);
      }
    }
  }

  /**
   * Count, per held slot, how many of the rarest `maxKeys` listed ids of `vector` it shares (keys held by more than
   * `maxPosting` items are not listed: too common to point at one event). Rarest first, ties by id.
   */
  collect(vector: SparseVector, hits: Map<number, number>, maxKeys: number): void {
    const present: number[] = [];
    for (const id of vector.ids) if (this.postings.has(id)) present.push(id);
    present.sort((a, b) => this.effectiveDf(a) - this.effectiveDf(b) || a - b);
    const take = Math.min(maxKeys, present.length);
    for (let k = 0; k < take; k++) this.postings.countInto(present[k] ?? -1, hits);
  }

  private allocate(key: string): number {
    const id = this.freeIds.pop() ?? this.nextId++;
    if (id >= this.docFreq.length) {
      const size = Math.max(id + 1, Math.ceil(this.docFreq.length * 1.25));
      const counts = new Uint16Array(size);
      counts.set(this.docFreq);
      this.docFreq = counts;
      const flags = new Uint8Array(size);
      flags.set(this.isGeneric);
      this.isGeneric = flags;
    }
    this.setDf(id, 0);
    this.isGeneric[id] = this.generic.has(key) ? 1 : 0;
    return id;
  }
}

function grow(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

function growFloat(array: Float64Array, size: number): Float64Array<ArrayBuffer> {
  const next = new Float64Array(size);
  next.set(array);
  return next;
}

/**
 * Ids sorted ascending with their weights alongside. Each id and its position are packed into one float (id × 2^16 +
 * position, exact below 2^53) so one typed-array sort orders both; bags of more than 65,536 keys sort pairs instead.
 */
function sortedVector(list: number[], weightList: number[]): { ids: Int32Array; weights: Float64Array } {
  const n = list.length;
  const ids = new Int32Array(n);
  const weights = new Float64Array(n);
  if (n <= 65_536) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (list[i] as number) * 65_536 + i;
    packed.sort();
    for (let i = 0; i < n; i++) {
      const p = packed[i] as number;
      const at = p % 65_536;
      ids[i] = (p - at) / 65_536;
      weights[i] = weightList[at] as number;
    }
    return { ids, weights };
  }
  const order = list.map((_, i) => i).sort((a, b) => (list[a] as number) - (list[b] as number));
  order.forEach((at, i) => {
    ids[i] = list[at] as number;
    weights[i] = weightList[at] as number;
  });
  return { ids, weights };
}
