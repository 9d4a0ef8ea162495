/**
 * Background paragraphs: outlets append the same context paragraphs ("the coalition was formed in 2014…") to every
 * report of a running story. Shared by many reports of different events, they carry words, places, dates and a
 * long verbatim run that would tie those events together. A paragraph held by at least `minHolders` items of the
 * window is background: the item being decided is compared without it (its headline, the first paragraph, always
 * stays).
 */
import { normalizeArabic } from '../shared/text/normalize-arabic.js';
import { hash64Hex } from './hash32.js';
import { KeyTable } from './key-table.js';

/** Paragraphs shorter than this (characters) are never background: a dateline or a one-line caption. */
const MIN_PARAGRAPH_CHARS = 80;

/** Hashes of the paragraphs of a text after its first, in order (short paragraphs get `null`). */
export function paragraphHashes(text: string): Array<string | null> {
  return text
    .split(/\n+/)
    .slice(1)
    .map((p) => {
      const normal = normalizeArabic(p).replace(/\s+/g, ' ').trim();
      return normal.length >= MIN_PARAGRAPH_CHARS ? hash64Hex(normal) : null;
    });
}

/** The two 32-bit halves of a {@link paragraphHashes} hash (16 hex digits), exactly. */
function halves(hash: string): [number, number] {
  return [parseInt(hash.slice(0, 8), 16), parseInt(hash.slice(8), 16)];
}

/**
 * An item's distinct paragraph hashes as 32-bit halves (hi, lo, hi, lo…): what {@link ParagraphCounts.removeHeld}
 * takes when the item is evicted (8 bytes a hash instead of a 16-character string).
 */
export function heldParagraphs(hashes: ReadonlyArray<string | null>): Uint32Array {
  const distinct = [...new Set(hashes)].filter((h): h is string => h !== null);
  const out = new Uint32Array(distinct.length * 2);
  distinct.forEach((h, i) => out.set(halves(h), i * 2));
  return out;
}

/**
 * Counts, per paragraph hash, the held items that contain it. Hashes are kept as their two 32-bit halves in a
 * {@link KeyTable} (about 18 bytes a paragraph instead of ~75 for a `Map` entry and its key string); the halves are
 * the hash itself, so this counts exactly what a map by hash string would.
 */
export class ParagraphCounts {
  private readonly ids = new KeyTable();
  private counts = new Int32Array(256);
  private readonly freeIds: number[] = [];
  private nextId = 0;

  constructor(private readonly minHolders: number) {}

  add(hashes: readonly (string | null)[]): void {
    for (const h of new Set(hashes)) if (h !== null) this.bump(...halves(h), 1);
  }

  remove(hashes: readonly (string | null)[]): void {
    for (const h of new Set(hashes)) if (h !== null) this.bump(...halves(h), -1);
  }

  /** Remove an item's paragraphs given as {@link heldParagraphs}. */
  removeHeld(held: Uint32Array): void {
    for (let i = 0; i < held.length; i += 2) this.bump(held[i] as number, held[i + 1] as number, -1);
  }

  private count(hash: string): number {
    const id = this.ids.getHash(...halves(hash));
    return id === undefined ? 0 : (this.counts[id] ?? 0);
  }

  private bump(hi: number, lo: number, by: 1 | -1): void {
    let id = this.ids.getHash(hi, lo);
    if (id === undefined) {
      if (by < 0) return;
      id = this.freeIds.pop() ?? this.nextId++;
      if (id >= this.counts.length) {
        const next = new Int32Array(Math.max(id + 1, Math.ceil(this.counts.length * 1.25)));
        next.set(this.counts);
        this.counts = next;
      }
      this.ids.setHash(hi, lo, id);
      this.counts[id] = 0;
    }
    const n = (this.counts[id] ?? 0) + by;
    if (n > 0) this.counts[id] = n;
    else {
      this.ids.deleteId(id);
      this.freeIds.push(id);
    }
  }

  /**
   * `text` without its background paragraphs (null when it has none, or when every paragraph after the first is
   * background: a copy of a copy is compared whole).
   */
  strip(text: string, hashes: readonly (string | null)[]): string | null {
    const paragraphs = text.split(/\n+/);
    const kept = [paragraphs[0] ?? ''];
    let dropped = 0;
    paragraphs.slice(1).forEach((p, i) => {
      const h = hashes[i];
      if (h !== null && h !== undefined && this.count(h) >= this.minHolders) dropped++;
      else kept.push(p);
    });
    if (dropped === 0 || kept.length === 1) return null;
    return kept.join('\n');
  }
}
