/**
 * A compact key → id dictionary that keeps no key strings: a key is known by its 64-bit hash (two independently
 * seeded 32-bit halves), stored per id in two typed arrays, and the table is an open-addressing array of ids
 * (linear probing, backward-shift deletion). About 19 bytes per key instead of the ~150 a `Map<string, number>`
 * entry with its key string costs. Two different keys collide only when both 32-bit halves agree (for the 12 million
 * distinct keys of a 60,000-item window, a chance of about 4 in a million per window); they would then share an id.
 * Ids are chosen by the caller, so the numbering (and the order of every sorted id array) is the caller's. The slot
 * array is not a power of two: a key's home slot is its high hash scaled to the table size, and the table grows by a
 * quarter at 75 % load (so 60–75 % full, about 6 bytes of slots per key instead of 8–16 at 25–50 %).
 */
import { hash32 } from './hash32.js';

const SEED_HI = 0x2f6b9a1d;
const SEED_LO = 0x51ed2701;
/** Grow when more than this share of the slots is taken… */
const MAX_LOAD = 0.75;
/** …and the slots, as the per-id arrays, by this factor. */
const GROWTH = 1.25;

/** The home slot of a high hash in a table of `size` slots (exact: (hi >>> 8) × size < 2^53). */
const homeOf = (hi: number, size: number): number => Math.floor(((hi >>> 8) * size) / 16_777_216);

export class KeyTable {
  /** Per slot: id + 1 (0 = empty). */
  private slots = new Int32Array(1024);
  private hiOfId = new Uint32Array(256);
  private loOfId = new Uint32Array(256);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The id of a key, or undefined when it is not in the table. */
  get(key: string): number | undefined {
    return this.getHash(hash32(key, SEED_HI), hash32(key, SEED_LO));
  }

  /** The id of a key known by its 64-bit hash (two unsigned 32-bit halves, `hi` well mixed). */
  getHash(hi: number, lo: number): number | undefined {
    const size = this.slots.length;
    for (let at = homeOf(hi, size); ; at = at + 1 === size ? 0 : at + 1) {
      const stored = this.slots[at] ?? 0;
      if (stored === 0) return undefined;
      const id = stored - 1;
      if (this.hiOfId[id] === hi && this.loOfId[id] === lo) return id;
    }
  }

  /** Add a key (not in the table) under `id` (not in use). */
  set(key: string, id: number): void {
    this.setHash(hash32(key, SEED_HI), hash32(key, SEED_LO), id);
  }

  /** Add a key known by its 64-bit hash (see {@link KeyTable.getHash}). */
  setHash(hi: number, lo: number, id: number): void {
    if ((this.count + 1) / this.slots.length > MAX_LOAD) this.rehash(Math.ceil(this.slots.length * GROWTH));
    if (id >= this.hiOfId.length) {
      const size = Math.max(id + 1, Math.ceil(this.hiOfId.length * GROWTH));
      this.hiOfId = growU32(this.hiOfId, size);
      this.loOfId = growU32(this.loOfId, size);
    }
    this.hiOfId[id] = hi;
    this.loOfId[id] = lo;
    this.place(id, hi);
    this.count++;
  }

  /** Remove the key held under `id`. */
  deleteId(id: number): void {
    const size = this.slots.length;
    const step = (at: number): number => (at + 1 === size ? 0 : at + 1);
    let at = homeOf(this.hiOfId[id] ?? 0, size);
    for (; ; at = step(at)) {
      const stored = this.slots[at] ?? 0;
      if (stored === 0) return;
      if (stored === id + 1) break;
    }
    // Backward-shift deletion: pull later entries of the probe run into the hole when their home allows it.
    let hole = at;
    for (let next = step(hole); ; next = step(next)) {
      const stored = this.slots[next] ?? 0;
      if (stored === 0) break;
      const home = homeOf(this.hiOfId[stored - 1] ?? 0, size);
      const distanceNext = (next - home + size) % size;
      const distanceHole = (hole - home + size) % size;
      if (distanceHole <= distanceNext) {
        this.slots[hole] = stored;
        hole = next;
      }
    }
    this.slots[hole] = 0;
    this.count--;
  }

  private place(id: number, hi: number): void {
    const size = this.slots.length;
    let at = homeOf(hi, size);
    while ((this.slots[at] ?? 0) !== 0) at = at + 1 === size ? 0 : at + 1;
    this.slots[at] = id + 1;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
    for (const stored of old) if (stored !== 0) this.place(stored - 1, this.hiOfId[stored - 1] ?? 0);
  }
}

function growU32(array: Uint32Array, size: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(size);
  next.set(array);
  return next;
}

/** The same interface over a `Map` that keeps the key strings (for indexes whose keys are shown: anchors). */
export class StringKeyTable {
  private readonly ids = new Map<string, number>();
  private readonly keys: Array<string | undefined> = [];

  get size(): number {
    return this.ids.size;
  }

  get(key: string): number | undefined {
    return this.ids.get(key);
  }

  set(key: string, id: number): void {
    this.ids.set(key, id);
    this.keys[id] = key;
  }

  deleteId(id: number): void {
    const key = this.keys[id];
    if (key !== undefined) this.ids.delete(key);
    this.keys[id] = undefined;
  }

  keyOf(id: number): string | undefined {
    return this.keys[id];
  }
}
