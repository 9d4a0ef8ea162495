import { describe, expect, it } from 'vitest';
import { contentHash, createContentHasher } from '../../../src/dedupe/content-hash.js';
import { stripBreakingPrefixes } from '../../../src/dedupe/breaking-prefixes.js';

describe('contentHash', () => {
  it('ignores diacritics, digit script, punctuation, whitespace and breaking-news labels', async () => {
    const a = await contentHash('عاجل | انسحاب القوات من القاعدة', 'غادرت القوات القاعدة يوم ١٥ سبتمبر.');
    const b = await contentHash('انسحاب القوّات من القاعدة', 'غادرت  القوات القاعدة يوم 15 سبتمبر');
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes when the text changes', async () => {
    expect(await contentHash(null, 'one text')).not.toBe(await contentHash(null, 'another text'));
  });

  it('has a synchronous form that agrees', async () => {
    const hash = await createContentHasher();
    expect(hash('Title', 'Body')).toBe(await contentHash('Title', 'Body'));
  });

  it('strips repeated prefixes only at the start', () => {
    expect(stripBreakingPrefixes('breaking: update - troops leave')).toBe('troops leave');
    expect(stripBreakingPrefixes('عاجل عاجل: خبر')).toBe('خبر');
    expect(stripBreakingPrefixes('the breaking point')).toBe('the breaking point');
  });
});
