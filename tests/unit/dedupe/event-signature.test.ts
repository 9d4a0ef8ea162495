import { describe, expect, it } from 'vitest';
import { mergeSignatures, signatureConflict, signatureOf } from '../../../src/dedupe/event-signature.js';

const sig = (...keys: string[]) => signatureOf(keys);

describe('event signature', () => {
  it('sorts anchors into places, days, figures and people, ignoring small counts and other kinds', () => {
    const s = sig(
      'place:harir',
      'topic-place:erbil',
      'day:09-15',
      'num:350',
      'num:3',
      'person:x',
      'org:y',
      'year:2026',
    );
    expect(s.places).toEqual(['place:harir', 'topic-place:erbil']);
    expect(s.days).toEqual(['day:09-15']);
    expect(s.numbers).toEqual(['num:350']);
    expect(s.people).toEqual(['person:x']);
  });

  it('weighs a different place more than different dates or figures', () => {
    const place = signatureConflict(sig('place:harir'), sig('place:balad'));
    const day = signatureConflict(sig('day:09-15'), sig('day:09-20'));
    const figures = signatureConflict(sig('num:350'), sig('num:1200'));
    expect(place).toBeGreaterThan(day);
    expect(day).toBeGreaterThan(figures);
    expect(figures).toBeGreaterThan(0);
  });

  it('finds no conflict when one side names nothing in a facet or when they share a key', () => {
    const cases: Array<[string[], string[]]> = [
      [['place:harir'], []],
      [
        ['place:harir', 'place:erbil'],
        ['place:erbil', 'place:kuwait'],
      ],
      [
        ['day:09-15', 'num:350'],
        ['day:09-15', 'num:350'],
      ],
      [['person:a'], ['person:a', 'person:b']],
    ];
    for (const [a, b] of cases) expect(signatureConflict(sig(...a), sig(...b))).toBe(0);
  });

  it('ignores keys the window finds common, even when only they are shared', () => {
    const common = new Set(['place:iraq', 'place:us']);
    const keep = (k: string) => !common.has(k);
    // Both name Iraq, but the bases differ: a conflict.
    expect(signatureConflict(sig('place:iraq', 'place:harir'), sig('place:iraq', 'place:balad'), keep)).toBe(
      2,
    );
    // Only common places on one side: nothing to compare.
    expect(signatureConflict(sig('place:iraq'), sig('place:balad'), keep)).toBe(0);
  });

  it('merges signatures of a story as the union of their facets', () => {
    const m = mergeSignatures([sig('place:harir', 'day:09-15'), sig('place:erbil', 'num:350')]);
    expect([...m.places].sort()).toEqual(['place:erbil', 'place:harir']);
    expect(signatureConflict(m, sig('place:erbil', 'day:09-15'))).toBe(0);
  });
});
