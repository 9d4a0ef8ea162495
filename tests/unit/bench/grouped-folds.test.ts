import { describe, expect, it } from 'vitest';
import { crossValidationSplits, groupKeys, groupedFolds } from '../../../bench/cv/grouped-folds.js';

const items = [
  { id: 'a1', story: 's1' },
  { id: 'a2', story: 's1' },
  { id: 'a3', story: 's1' },
  { id: 'b1', story: 's2' },
  { id: 'b2', story: null, repost_of: 'b1' },
  { id: 'c1', story: null },
  { id: 'c2', story: null },
  { id: 'c3', story: null, repost_of: 'c2' },
  { id: 'd1', story: 's3' },
  { id: 'd2', story: 's3' },
];

describe('grouped folds', () => {
  it('joins story members and reposts into one group, and nothing else', () => {
    const keys = groupKeys(items);
    expect(keys.get('a1')).toBe(keys.get('a3'));
    expect(keys.get('b2')).toBe(keys.get('b1'));
    expect(keys.get('c3')).toBe(keys.get('c2'));
    expect(keys.get('c1')).not.toBe(keys.get('c2'));
    expect(keys.get('a1')).not.toBe(keys.get('d1'));
  });

  it('keeps every group inside one fold and uses every item once', () => {
    for (const k of [2, 3, 5]) {
      const folds = groupedFolds(items, k);
      expect(folds).toHaveLength(k);
      expect(
        folds
          .flat()
          .map((i) => i.id)
          .sort(),
      ).toEqual(items.map((i) => i.id).sort());
      const foldOf = new Map(folds.flatMap((fold, f) => fold.map((i) => [i.id, f] as const)));
      const keys = groupKeys(items);
      for (const x of items)
        for (const y of items)
          if (keys.get(x.id) === keys.get(y.id)) expect(foldOf.get(x.id)).toBe(foldOf.get(y.id));
    }
  });

  it('gives disjoint train and test sets per split, deterministically', () => {
    const splits = crossValidationSplits(items, 3);
    for (const { train, test } of splits) {
      const trainIds = new Set(train.map((i) => i.id));
      expect(test.some((i) => trainIds.has(i.id))).toBe(false);
      expect(train.length + test.length).toBe(items.length);
    }
    expect(crossValidationSplits(items, 3).map((s) => s.test.map((i) => i.id))).toEqual(
      splits.map((s) => s.test.map((i) => i.id)),
    );
  });

  it('refuses k below 2', () => {
    expect(() => groupedFolds(items, 1)).toThrow(/k must be/);
  });
});
