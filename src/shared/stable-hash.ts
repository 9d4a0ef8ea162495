/**
 * FNV-1a, 32 bits, with murmur3's final mix: a stable number from a name, the same in every process and release,
 * for spreading per-host and per-source timings (robots.txt lifetimes, crawl slots) without storing anything. The
 * final mix matters: plain FNV-1a of names differing only in their last characters (outlet-1, outlet-2 …) leaves
 * the high bits clustered. Not for security.
 */
export function stableHash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return fmix32(h);
}

/** murmur3's 32-bit finaliser: spreads the bits of an integer hash (also used by the story index's hashes). */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A stable fraction in [0, 1) for `text`. */
export function stableFraction(text: string): number {
  return stableHash32(text) / 0x1_0000_0000;
}
