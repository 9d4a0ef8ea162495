import { fmix32 } from '../shared/stable-hash.js';

/**
 * A fast, seeded 32-bit string hash (murmur3-style mixing with Math.imul) for shingles and sketches inside the story
 * index. Hand-written because the index must work synchronously from its constructor, and xxhash-wasm only becomes
 * synchronous after an async init; these hashes are recomputed from stored text at start, never persisted as keys.
 */
export function hash32(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    let k = text.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return fmix32(h ^ text.length);
}

/** 64 bits as 16 hex digits from two independently seeded 32-bit hashes. */
export function hash64Hex(text: string): string {
  return (
    hash32(text, 0x9e3779b9).toString(16).padStart(8, '0') +
    hash32(text, 0x7f4a7c15).toString(16).padStart(8, '0')
  );
}
