import { describe, expect, it } from 'vitest';
import { PostingIndex } from '../../../src/dedupe/posting-index.js';

const bag = (...keys: string[]) => new Map(keys.map((k) => [k, 1]));
const holders = (index: PostingIndex, ...keys: string[]) => {
  const hits = new Map<number, number>();
  index.collect(index.probe(bag(...keys)), hits, 10);
  return [...hits.entries()].sort((a, b) => a[0] - b[0]);
};

describe('PostingIndex', () => {
  it('lists the holders of each key as items come and go (one holder, several, none)', () => {
    const index = new PostingIndex(5);
    const v1 = index.add(1, bag('base', 'convoy'));
    expect(holders(index, 'base')).toEqual([[1, 1]]);
    const v2 = index.add(2, bag('base', 'airport'));
    const v3 = index.add(3, bag('base', 'convoy', 'airport'));
    expect(holders(index, 'base', 'convoy')).toEqual([
      [1, 2],
      [2, 1],
      [3, 2],
    ]);
    expect(index.df('base')).toBe(3);
    index.remove(1, v1);
    expect(holders(index, 'base', 'convoy')).toEqual([
      [2, 1],
      [3, 2],
    ]);
    index.remove(3, v3);
    // Back to one holder per key.
    expect(holders(index, 'base', 'convoy', 'airport')).toEqual([[2, 2]]);
    expect(index.df('convoy')).toBe(0);
    index.remove(2, v2);
    expect(holders(index, 'base', 'airport')).toEqual([]);
    expect(index.keyCount).toBe(0);
  });

  it('stops listing a key held by more than maxPosting items, and keeps counting it', () => {
    const index = new PostingIndex(3);
    const vectors = [1, 2, 3, 4].map((slot) => index.add(slot, bag('iraq', `event-${slot}`)));
    expect(index.df('iraq')).toBe(4);
    expect(holders(index, 'iraq')).toEqual([]);
    expect(holders(index, 'iraq', 'event-2')).toEqual([[2, 1]]);
    // A long list (past the exact-size range) keeps every holder.
    const wide = new PostingIndex(100);
    for (let slot = 1; slot <= 20; slot++) wide.add(slot, bag('anbar'));
    expect(holders(wide, 'anbar').map(([slot]) => slot)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    index.remove(4, vectors[3]!);
    expect(index.df('iraq')).toBe(3);
  });
});
