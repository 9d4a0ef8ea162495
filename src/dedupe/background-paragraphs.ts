/**
 * Background paragraphs: outlets append the same context paragraphs ("the coalition was formed in 2014…") to every
 * report of a running story. Shared by many reports of different events, they carry words, places, dates and a
 * long verbatim run that would tie those events together. A paragraph held by at least `minHolders` items of the
 * window is background: the item being decided is compared without it (its headline, the first paragraph, always
 * stays).
 */
import { normalizeArabic } from '../shared/text/normalize-arabic.js';
import { hash64Hex } from './hash32.js';

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

/** Counts, per paragraph hash, the held items that contain it. */
export class ParagraphCounts {
  private readonly counts = new Map<string, number>();

  constructor(private readonly minHolders: number) {}

  add(hashes: readonly (string | null)[]): void {
    for (const h of new Set(hashes)) if (h !== null) this.counts.set(h, (this.counts.get(h) ?? 0) + 1);
  }

  remove(hashes: readonly (string | null)[]): void {
    for (const h of new Set(hashes)) {
      if (h === null) continue;
      const n = (this.counts.get(h) ?? 0) - 1;
      if (n <= 0) this.counts.delete(h);
      else this.counts.set(h, n);
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
      if (h !== null && h !== undefined && (this.counts.get(h) ?? 0) >= this.minHolders) dropped++;
      else kept.push(p);
    });
    if (dropped === 0 || kept.length === 1) return null;
    return kept.join('\n');
  }
}
