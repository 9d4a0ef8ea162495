/**
 * 64-bit SimHash over hashed shingles (two 32-bit halves, to stay out of BigInt in the hot path), and shingle-set
 * containment. SimHash catches near-verbatim copies cheaply; containment catches copies wrapped in different page junk.
 * Hand-written: STACK-NOTES §7 found no maintained 64-bit SimHash/MinHash package worth depending on.
 */
import { fmix32 } from '../shared/stable-hash.js';
import { hash32 } from './hash32.js';

/** A 64-bit SimHash as [high 32 bits, low 32 bits]. */
export type SimHash64 = readonly [number, number];

/** Combine the hashes of `size` consecutive tokens into one shingle hash (order-sensitive). */
function combine(tokenHashes: Uint32Array, start: number, size: number): number {
  let h = 0x9e3779b9 ^ size;
  for (let i = start; i < start + size; i++) h = fmix32(Math.imul(h, 31) + (tokenHashes[i] ?? 0));
  return h;
}

/** Word n-gram shingles in text order (with repeats), for finding long verbatim runs. */
export function shingleSequence(tokens: readonly string[], size = 3): Uint32Array {
  const tokenHashes = Uint32Array.from(tokens, (token) => hash32(token));
  if (tokens.length > 0 && tokens.length < size)
    return Uint32Array.of(combine(tokenHashes, 0, tokens.length));
  const out = new Uint32Array(Math.max(0, tokens.length - size + 1));
  for (let i = 0; i < out.length; i++) out[i] = combine(tokenHashes, i, size);
  return out;
}

/** Word n-gram shingles of a token list, hashed to sorted unique 32-bit values (a text shorter than `size`: one). */
export function shingleHashes(tokens: readonly string[], size = 3): Uint32Array {
  return uniqueSorted(shingleSequence(tokens, size));
}

/** The sorted unique values of a shingle sequence. */
export function uniqueSorted(sequence: Uint32Array): Uint32Array {
  const sorted = Uint32Array.from(sequence).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i] ?? 0;
  return sorted.slice(0, n);
}

/** Longest run of consecutive shingles of `sequence` that all occur in the sorted set `other` (≈ shared words − 2). */
export function longestSharedRun(sequence: Uint32Array, other: Uint32Array): number {
  let best = 0;
  let run = 0;
  for (const shingle of sequence) {
    if (binaryHas(other, shingle)) best = Math.max(best, ++run);
    else run = 0;
  }
  return best;
}

function binaryHas(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] ?? 0;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** SimHash of a shingle set: two re-mixed hashes of each shingle vote on 64 bits. */
export function simhash(shingles: Uint32Array): SimHash64 {
  const votes = new Int32Array(64);
  for (const shingle of shingles) {
    const hi = fmix32(shingle ^ 0x68e31da4);
    const lo = fmix32((shingle + 0x1b56c4e9) >>> 0);
    for (let b = 0; b < 32; b++) {
      votes[b] = (votes[b] ?? 0) + (((hi >>> b) & 1) << 1) - 1;
      votes[b + 32] = (votes[b + 32] ?? 0) + (((lo >>> b) & 1) << 1) - 1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let b = 0; b < 32; b++) {
    if ((votes[b] ?? 0) > 0) hi |= 1 << b;
    if ((votes[b + 32] ?? 0) > 0) lo |= 1 << b;
  }
  return [hi >>> 0, lo >>> 0];
}

function popcount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Hamming distance between two SimHashes (0–64). */
export function hammingDistance(a: SimHash64, b: SimHash64): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

/** Shared shingles over the smaller set's size (0–1): how much of the shorter text the longer one contains. */
export function shingleContainment(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared / Math.min(a.length, b.length);
}

/** Format a SimHash as 16 hex digits (for logs and storage). */
export function simhashToHex(value: SimHash64): string {
  return value[0].toString(16).padStart(8, '0') + value[1].toString(16).padStart(8, '0');
}
