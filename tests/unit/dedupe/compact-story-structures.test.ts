import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyTable } from '../../../src/dedupe/key-table.js';
import { PostingLists } from '../../../src/dedupe/posting-lists.js';
import { PostingIndex } from '../../../src/dedupe/posting-index.js';
import { compactVector, HeldVector } from '../../../src/dedupe/held-vector.js';
import { heldItem } from '../../../src/dedupe/held-item.js';
import { heldParagraphs, ParagraphCounts } from '../../../src/dedupe/background-paragraphs.js';
import { StoryIndex } from '../../../src/dedupe/story-index.js';
import { loadStoryIndexOptions } from '../../../src/dedupe/load-gazetteer-dir.js';

/** A deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('KeyTable', () => {
  it('agrees with a Map through random inserts and deletes (backward-shift deletion keeps every key findable)', () => {
    const table = new KeyTable();
    const reference = new Map<string, number>();
    const keyOfId = new Map<number, string>();
    const random = rng(1);
    let nextId = 0;
    for (let step = 0; step < 20_000; step++) {
      const key = `k${Math.floor(random() * 5000)}`;
      const id = reference.get(key);
      if (id === undefined) {
        table.set(key, nextId);
        reference.set(key, nextId);
        keyOfId.set(nextId, key);
        nextId++;
      } else if (random() < 0.5) {
        table.deleteId(id);
        reference.delete(key);
      }
    }
    expect(table.size).toBe(reference.size);
    for (let k = 0; k < 5000; k++) expect(table.get(`k${k}`)).toBe(reference.get(`k${k}`));
  });
});

describe('PostingLists', () => {
  it('holds nothing, a single slot or a pooled list per id', () => {
    const lists = new PostingLists();
    expect(lists.has(3)).toBe(false);
    expect(lists.holders(3)).toEqual([]);
    lists.setSingle(3, 7);
    lists.setSingle(1000, 1);
    lists.add(1000, 2);
    expect(lists.holders(3)).toEqual([7]);
    expect(lists.holders(1000).sort()).toEqual([1, 2]);
    expect(lists.has(999)).toBe(false);
    lists.add(999, 5); // unlisted keys stay unlisted
    expect(lists.has(999)).toBe(false);
    lists.remove(1000, 1);
    expect(lists.holders(1000)).toEqual([2]);
    lists.clear(3);
    expect(lists.has(3)).toBe(false);
  });

  it('agrees with a Map of sets through random adds, removes and clears (blocks grown, freed and reused)', () => {
    const lists = new PostingLists();
    const reference = new Map<number, Set<number>>();
    const random = rng(3);
    for (let step = 0; step < 30_000; step++) {
      const id = Math.floor(random() * 300);
      const slot = Math.floor(random() * 100);
      const held = reference.get(id);
      const r = random();
      if (!held) {
        if (r < 0.5) {
          lists.setSingle(id, slot);
          reference.set(id, new Set([slot]));
        }
      } else if (r < 0.6) {
        if (!held.has(slot)) {
          lists.add(id, slot);
          held.add(slot);
        }
      } else if (r < 0.97) {
        const victim = [...held][Math.floor(random() * held.size)] as number;
        lists.remove(id, victim);
        held.delete(victim);
        if (held.size === 0) reference.delete(id);
      } else {
        lists.clear(id);
        reference.delete(id);
      }
    }
    const hits = new Map<number, number>();
    const expected = new Map<number, number>();
    for (let id = 0; id < 300; id++) {
      const held = reference.get(id);
      expect(lists.has(id)).toBe(held !== undefined);
      expect(lists.holders(id).sort((a, b) => a - b)).toEqual([...(held ?? [])].sort((a, b) => a - b));
      expect(lists.count(id)).toBe(held?.size ?? 0);
      lists.countInto(id, hits);
      for (const slot of held ?? []) expected.set(slot, (expected.get(slot) ?? 0) + 1);
    }
    expect(new Map([...hits].sort((a, b) => a[0] - b[0]))).toEqual(
      new Map([...expected].sort((a, b) => a[0] - b[0])),
    );
  });
});

describe('PostingLists pool', () => {
  it('repacks the blocks that growing lists leave behind, keeping every holder', () => {
    const lists = new PostingLists();
    for (let id = 0; id < 200; id++) lists.setSingle(id, id * 1000);
    // All lists grow together, so the smaller blocks each one leaves are never reused by another.
    for (let k = 1; k < 100; k++) for (let id = 0; id < 200; id++) lists.add(id, id * 1000 + k);
    for (let id = 0; id < 200; id++)
      expect(lists.holders(id).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 100 }, (_, k) => id * 1000 + k),
      );
    // 200 blocks of 128 are live; without repacking the blocks of 2…64 (another 124 each) would stay too.
    expect(lists.pooledInts).toBeLessThan(200 * (128 + 124));
  });
});

describe('PostingIndex without key strings', () => {
  it('gives the same ids, vectors, frequencies and candidates as with them', () => {
    const random = rng(2);
    const bags = Array.from({ length: 300 }, () => {
      const bag = new Map<string, number>();
      for (let k = 0; k < 40; k++) bag.set(`t${Math.floor(random() * 800)}`, 1 + Math.floor(random() * 3));
      return bag;
    });
    const withKeys = new PostingIndex(20, new Set(['t1', 't2']), 0.15, 10, true);
    const without = new PostingIndex(20, new Set(['t1', 't2']), 0.15, 10, false);
    const held: Array<ReturnType<PostingIndex['add']>> = [];
    bags.forEach((bag, slot) => {
      const a = withKeys.add(slot, bag);
      expect(without.add(slot, bag)).toEqual(a);
      held.push(a);
      if (slot % 3 === 0 && slot > 30) {
        const old = held[slot - 30];
        if (old) {
          withKeys.remove(slot - 30, old);
          without.remove(slot - 30, old);
        }
      }
    });
    expect(without.keyCount).toBe(withKeys.keyCount);
    for (let k = 0; k < 800; k++) expect(without.df(`t${k}`)).toBe(withKeys.df(`t${k}`));
    const probeBag = bags[299] ?? new Map<string, number>();
    const hitsA = new Map<number, number>();
    const hitsB = new Map<number, number>();
    withKeys.collect(withKeys.probe(probeBag), hitsA, 40);
    without.collect(without.probe(probeBag), hitsB, 40);
    expect([...hitsB]).toEqual([...hitsA]);
    expect(() => without.keyOf(0)).toThrow();
  });
});

describe('PostingIndex document frequencies', () => {
  it('counts past 65,535 holders (2-byte counts with an overflow map) and back down', () => {
    const index = new PostingIndex(200, new Set(), 0, 0, false);
    const bag = new Map([
      ['common', 1],
      ['rare', 1],
    ]);
    const common = new Map([['common', 1]]);
    const held = [index.add(0, bag)];
    for (let slot = 1; slot < 70_000; slot++) held.push(index.add(slot, common));
    expect(index.df('common')).toBe(70_000);
    expect(index.df('rare')).toBe(1);
    for (let slot = 69_999; slot >= 60_000; slot--) index.remove(slot, held[slot] as (typeof held)[number]);
    expect(index.df('common')).toBe(60_000);
    index.add(60_000, common);
    expect(index.df('common')).toBe(60_001);
    for (let slot = 1; slot < 60_000; slot++) index.remove(slot, held[slot] as (typeof held)[number]);
    expect(index.df('common')).toBe(2);
  });
});

describe('HeldVector', () => {
  const vector = {
    ids: Int32Array.of(1, 4, 9, 200, 70_000, 3_000_000),
    weights: Float64Array.of(1, 1 + Math.log(2), 1, 0.1 * 2, 2 * (1 + Math.log(3)), 1),
    unseenWeight: 0,
    unseenSquared: 0,
    unseenGenericWeight: 0,
    unseenGenericSquared: 0,
  };
  const lead = { ids: Int32Array.of(4, 70_000), unseen: 2 };

  it('decodes exactly the original ids, weights and lead, and forgets decoded arrays beyond the last 128', () => {
    const held = compactVector(vector, lead);
    expect(held.terms).toBeInstanceOf(HeldVector);
    expect([...held.terms.ids]).toEqual([...vector.ids]);
    expect([...held.terms.weights]).toEqual([...vector.weights]);
    expect([...held.lead.ids]).toEqual([4, 70_000]);
    expect(held.lead.unseen).toBe(2);
    expect((held.terms as HeldVector).isDecoded).toBe(true);
    for (let i = 0; i < 128; i++) void compactVector(vector).terms.weights;
    expect((held.terms as HeldVector).isDecoded).toBe(false);
    expect([...held.terms.weights]).toEqual([...vector.weights]);
    expect([...held.lead.ids]).toEqual([4, 70_000]);
  });

  it('round-trips random vectors with ids up to 2^31 and any lead subset', () => {
    const random = rng(4);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(random() * 600);
      const ids = new Set<number>();
      while (ids.size < n) ids.add(Math.floor(random() * (round % 2 === 0 ? 5000 : 2 ** 31 - 1)));
      const sorted = Int32Array.from([...ids].sort((a, b) => a - b));
      const weights = Float64Array.from(sorted, () => 1 + Math.log(1 + Math.floor(random() * 6)));
      const leadIds = sorted.filter(() => random() < 0.2);
      const v = { ...vector, ids: sorted, weights };
      const held = compactVector(v, { ids: leadIds, unseen: 0 });
      expect([...held.terms.ids]).toEqual([...sorted]);
      expect([...held.terms.weights]).toEqual([...weights]);
      expect([...held.lead.ids]).toEqual([...leadIds]);
    }
  });

  it('keeps a vector with more than 256 distinct weights, or with unseen weights, as it is', () => {
    const n = 300;
    const wide = {
      ...vector,
      ids: Int32Array.from({ length: n }, (_, i) => i),
      weights: Float64Array.from({ length: n }, (_, i) => 1 + i / 7),
    };
    expect(compactVector(wide, lead).terms).toBe(wide);
    const probe = { ...vector, unseenWeight: 1 };
    expect(compactVector(probe, lead)).toEqual({ terms: probe, lead });
  });
});

describe('held items', () => {
  it('keep no title or text, and each paragraph hash once', () => {
    const held = heldItem({ id: 'a', lang: 'en', title: 'T', text: 'long text', url: 'https://x.example/1' });
    expect(held).toEqual({ id: 'a', lang: 'en', text: '', url: 'https://x.example/1' });
  });

  it('keep each distinct paragraph hash once as its two 32-bit halves', () => {
    expect([...heldParagraphs(['0000000100000002', null, '0000000100000002', 'ffffffff0000000a'])]).toEqual([
      1, 2, 0xffffffff, 10,
    ]);
  });
});

describe('ParagraphCounts', () => {
  it('counts holders per hash as a map by hash string does, through random adds and evictions', () => {
    const random = rng(5);
    const hex = () =>
      Math.floor(random() * 2 ** 32)
        .toString(16)
        .padStart(8, '0');
    const pool = Array.from({ length: 40 }, () => hex() + hex());
    const counts = new ParagraphCounts(2);
    const reference = new Map<string, number>();
    const held: Array<{ strings: Array<string | null>; halves: Uint32Array }> = [];
    for (let step = 0; step < 3000; step++) {
      if (held.length > 0 && random() < 0.45) {
        const [gone] = held.splice(Math.floor(random() * held.length), 1);
        if (!gone) continue;
        counts.removeHeld(gone.halves);
        for (const h of new Set(gone.strings)) if (h !== null) reference.set(h, (reference.get(h) ?? 0) - 1);
      } else {
        const strings = Array.from({ length: 4 }, () =>
          random() < 0.2 ? null : (pool[Math.floor(random() * 40)] ?? null),
        );
        counts.add(strings);
        held.push({ strings, halves: heldParagraphs(strings) });
        for (const h of new Set(strings)) if (h !== null) reference.set(h, (reference.get(h) ?? 0) + 1);
      }
      // A text whose later paragraphs are all of one hash is stripped exactly when that hash has 2+ holders.
      const probe = pool[step % 40] as string;
      const stripped = counts.strip('Head\nA\nB', [probe, null]);
      expect(stripped === null ? 0 : 1).toBe((reference.get(probe) ?? 0) >= 2 ? 1 : 0);
    }
  });
});

describe('compact story index on the development corpora', () => {
  it('makes the same story, duplicate and revision decisions as the index that kept whole texts and key strings', () => {
    // Stored from the index before the compact representation (`bench/stories/assignments-dump.ts --root <old>`).
    const stored = readFileSync(resolve('tests/fixtures/dedupe/story-partition-dev.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { file: string; id: string; storyId: string });
    const options = loadStoryIndexOptions(resolve('topics'));
    const now: unknown[] = [];
    for (const file of [...new Set(stored.map((s) => s.file))]) {
      const index = new StoryIndex(options);
      for (const line of readFileSync(resolve('bench/data/corpus', file), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const item = JSON.parse(line) as {
          id: string;
          lang: string;
          text: string;
          url?: string;
          date?: string;
        };
        const a = index.assign({
          id: item.id,
          lang: item.lang,
          text: item.text,
          url: item.url ?? null,
          publishedAt: item.date ?? null,
        });
        now.push({
          file,
          id: item.id,
          storyId: a.storyId,
          duplicateOf: a.duplicateOf,
          revisionOf: a.revisionOf,
        });
      }
    }
    expect(now).toEqual(stored);
    expect(new Set(stored.map((s) => s.storyId)).size).toBeLessThan(stored.length);
  });
});
