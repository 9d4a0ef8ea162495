/**
 * A held item's term vector with its weights as one byte each: an item's few hundred terms take a handful of
 * distinct weights (1, 1 + ln 2, a title's or lead's doubled counts…), so each vector keeps a small table of its
 * distinct weights and a code per term, 1 byte instead of 8. `weights` is decoded on first use into an array that
 * only the last DECODED_KEPT decoded vectors keep (a decision reads at most a few dozen held vectors), so the values
 * the scoring reads are exactly the original doubles and memory stays one byte per term.
 */
import type { SparseVector } from './posting-index.js';

/** How many decoded weight arrays are kept at once (the rest are decoded again when next read). */
const DECODED_KEPT = 64;
const ring: Array<HeldVector | undefined> = new Array<HeldVector | undefined>(DECODED_KEPT);
let ringAt = 0;

export class HeldVector implements SparseVector {
  readonly unseenWeight = 0;
  readonly unseenSquared = 0;
  readonly unseenGenericWeight = 0;
  readonly unseenGenericSquared = 0;
  private decoded: Float64Array | null = null;

  constructor(
    readonly ids: Int32Array,
    private readonly codes: Uint8Array,
    private readonly table: Float64Array,
  ) {}

  get weights(): Float64Array {
    if (this.decoded !== null) return this.decoded;
    const out = new Float64Array(this.codes.length);
    for (let i = 0; i < out.length; i++) out[i] = this.table[this.codes[i] as number] as number;
    const evicted = ring[ringAt];
    if (evicted) evicted.decoded = null;
    ring[ringAt] = this;
    ringAt = (ringAt + 1) % DECODED_KEPT;
    this.decoded = out;
    return out;
  }

  /** Whether its weights are decoded now (for tests). */
  get isDecoded(): boolean {
    return this.decoded !== null;
  }
}

/**
 * The vector of a held item (from `PostingIndex.add`, no unseen weights) with 1-byte weight codes; the vector itself
 * when it has unseen weights or more than 256 distinct weights.
 */
export function compactVector(vector: SparseVector): SparseVector {
  if (vector.unseenWeight !== 0 || vector.unseenGenericWeight !== 0) return vector;
  const codeOf = new Map<number, number>();
  const codes = new Uint8Array(vector.weights.length);
  for (let i = 0; i < codes.length; i++) {
    const w = vector.weights[i] as number;
    let code = codeOf.get(w);
    if (code === undefined) {
      if (codeOf.size === 256) return vector;
      code = codeOf.size;
      codeOf.set(w, code);
    }
    codes[i] = code;
  }
  return new HeldVector(vector.ids, codes, Float64Array.from(codeOf.keys()));
}
