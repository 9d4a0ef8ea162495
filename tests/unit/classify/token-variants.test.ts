import { describe, expect, it } from 'vitest';
import { canonicalTermToken, generateVariants } from '../../../src/classify/token-variants.js';
import { normalizeArabic } from '../../../src/shared/text/normalize-arabic.js';

const nominal = (word: string) => generateVariants(normalizeArabic(word)).nominal;
const verbal = (word: string) => generateVariants(normalizeArabic(word)).verbal;
const canon = (word: string) => canonicalTermToken(normalizeArabic(word));

describe('generateVariants', () => {
  it.each([
    ['والعراق', 'العراق'],
    ['بالعراق', 'العراق'],
    ['للقوات', 'قوات'],
    ['وللقوات', 'قوات'],
    ['كالقوات', 'قوات'],
    ['فالانسحاب', 'انسحاب'],
    ['انسحابها', 'انسحاب'],
    ['قواتهم', 'قوات'],
    ['الأمريكيين', 'امريكي'],
  ])('%s reaches %s (clitics and suffixes)', (word, base) => {
    expect(nominal(word).has(canon(base))).toBe(true);
  });

  it.each([
    ['سينسحب', 'انسحب'],
    ['ستنسحب', 'انسحب'],
    ['ينسحبون', 'انسحب'],
    ['تغادر', 'غادر'],
    ['سيغادرون', 'غادر'],
  ])('%s reaches %s only as a verb', (word, base) => {
    expect(verbal(word).has(canon(base))).toBe(true);
  });

  it('does not turn nouns into verbs: تحرير (liberation) is not حرير (Harir)', () => {
    expect(nominal('تحرير').has(canon('حرير'))).toBe(false);
  });

  it('stems English inflections and leaves digits alone', () => {
    expect(nominal('withdrawing').has('withdraw')).toBe(true);
    expect(nominal('relocated').has('relocate')).toBe(true);
    expect(nominal('troops').has('troop')).toBe(true);
    expect([...nominal('2025')]).toEqual(['2025']);
  });
});
