/**
 * A held item's term vector (and its headline-and-lead terms) in one byte array:
 * - weights as one byte each: an item's few hundred terms take a handful of distinct weights (1, 1 + ln 2, a
 *   title's or lead's doubled counts…), so the vector keeps a table of its distinct weights (their exact 8 bytes)
 *   and a code per term;
 * - ids as varint deltas (sorted ids a few thousand apart: 2–3 bytes each instead of 4);
 * - the lead as a bit per term (which of the vector's ids are lead terms) instead of a second id array.
 * `ids` and `weights` are decoded on first use into arrays that only the last DECODED_KEPT decoded vectors keep (a
 * decision reads at most a few dozen held vectors: terms and anchors of each candidate), so the values the scoring reads are exactly the original ones
 * and memory stays about 3.5 bytes per term. Measured: 3.1 kB of an item's 15.7 kB held before went to its term
 * vector and lead ids (three typed arrays and an id array, each with its own backing store).
 */
import type { LeadTerms } from './lead-terms.js';
import type { SparseVector } from './posting-index.js';

/** How many decoded vectors are kept at once (the rest are decoded again when next read). */
const DECODED_KEPT = 128;
const ring: Array<HeldVector | undefined> = new Array<HeldVector | undefined>(DECODED_KEPT);
let ringAt = 0;

const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);

interface Decoded {
  ids: Int32Array;
  weights: Float64Array;
  lead: Int32Array | null;
}

export class HeldVector implements SparseVector {
  readonly unseenWeight = 0;
  readonly unseenSquared = 0;
  readonly unseenGenericWeight = 0;
  readonly unseenGenericSquared = 0;
  private decoded: Decoded | null = null;

  /** `data`: weight table (8 bytes each), codes (n), lead bits (⌈n/8⌉), varint id deltas. */
  constructor(
    private readonly data: Uint8Array,
    private readonly length: number,
    private readonly tableSize: number,
  ) {}

  get ids(): Int32Array {
    return (this.decoded ?? this.decode()).ids;
  }

  get weights(): Float64Array {
    return (this.decoded ?? this.decode()).weights;
  }

  /** The ids whose lead bit is set, in id order. */
  get leadIds(): Int32Array {
    const decoded = this.decoded ?? this.decode();
    if (decoded.lead !== null) return decoded.lead;
    const maskAt = this.tableSize * 8 + this.length;
    const out: number[] = [];
    for (let i = 0; i < this.length; i++)
      if (((this.data[maskAt + (i >> 3)] as number) & (1 << (i & 7))) !== 0)
        out.push(decoded.ids[i] as number);
    decoded.lead = Int32Array.from(out);
    return decoded.lead;
  }

  /** Whether its ids and weights are decoded now (for tests). */
  get isDecoded(): boolean {
    return this.decoded !== null;
  }

  private decode(): Decoded {
    const n = this.length;
    const data = this.data;
    const table = new Float64Array(this.tableSize);
    for (let c = 0; c < table.length; c++) {
      for (let b = 0; b < 8; b++) scratchBytes[b] = data[c * 8 + b] as number;
      table[c] = scratch[0] as number;
    }
    const codesAt = this.tableSize * 8;
    const weights = new Float64Array(n);
    for (let i = 0; i < n; i++) weights[i] = table[data[codesAt + i] as number] as number;
    const ids = new Int32Array(n);
    let at = codesAt + n + ((n + 7) >> 3);
    let id = 0;
    for (let i = 0; i < n; i++) {
      let delta = 0;
      let shift = 0;
      let byte: number;
      do {
        byte = data[at++] as number;
        delta += (byte & 0x7f) * 2 ** shift;
        shift += 7;
      } while (byte >= 0x80);
      id += delta;
      ids[i] = id;
    }
    const evicted = ring[ringAt];
    if (evicted) evicted.decoded = null;
    ring[ringAt] = this;
    ringAt = (ringAt + 1) % DECODED_KEPT;
    this.decoded = { ids, weights, lead: null };
    return this.decoded;
  }
}

/** A held item's lead terms read from its {@link HeldVector}'s lead bits. */
class HeldLead implements LeadTerms {
  constructor(
    private readonly vector: HeldVector,
    readonly unseen: number,
  ) {}

  get ids(): Int32Array {
    return this.vector.leadIds;
  }
}

const varintBytes = (x: number): number =>
  x < 0x80 ? 1 : x < 0x4000 ? 2 : x < 0x200000 ? 3 : x < 0x10000000 ? 4 : 5;

/**
 * The vector of a held item (from `PostingIndex.add`, no unseen weights) and its lead (ids among the vector's, from
 * `leadTermsOf`) in one byte array; the vector and lead as they are when the vector has unseen weights or more
 * than 256 distinct weights.
 */
export function compactVector(
  vector: SparseVector,
  lead: LeadTerms = { ids: new Int32Array(0), unseen: 0 },
): { terms: SparseVector; lead: LeadTerms } {
  if (vector.unseenWeight !== 0 || vector.unseenGenericWeight !== 0) return { terms: vector, lead };
  const n = vector.ids.length;
  const codeOf = new Map<number, number>();
  const codes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const w = vector.weights[i] as number;
    let code = codeOf.get(w);
    if (code === undefined) {
      if (codeOf.size === 256) return { terms: vector, lead };
      code = codeOf.size;
      codeOf.set(w, code);
    }
    codes[i] = code;
  }
  let idBytes = 0;
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const id = vector.ids[i] as number;
    idBytes += varintBytes(id - previous);
    previous = id;
  }
  const tableSize = codeOf.size;
  const maskAt = tableSize * 8 + n;
  const data = new Uint8Array(maskAt + ((n + 7) >> 3) + idBytes);
  let c = 0;
  for (const w of codeOf.keys()) {
    scratch[0] = w;
    data.set(scratchBytes, c * 8);
    c++;
  }
  data.set(codes, tableSize * 8);
  // Lead ids are a sorted subset of the vector's sorted ids: mark their positions.
  let j = 0;
  for (let i = 0; i < n && j < lead.ids.length; i++) {
    if (vector.ids[i] !== lead.ids[j]) continue;
    data[maskAt + (i >> 3)] = (data[maskAt + (i >> 3)] as number) | (1 << (i & 7));
    j++;
  }
  if (j < lead.ids.length) return { terms: vector, lead };
  let at = maskAt + ((n + 7) >> 3);
  previous = 0;
  for (let i = 0; i < n; i++) {
    const id = vector.ids[i] as number;
    let delta = id - previous;
    previous = id;
    while (delta >= 0x80) {
      data[at++] = (delta % 0x80) | 0x80;
      delta = Math.floor(delta / 0x80);
    }
    data[at++] = delta;
  }
  const held = new HeldVector(data, n, tableSize);
  return { terms: held, lead: new HeldLead(held, lead.unseen) };
}
