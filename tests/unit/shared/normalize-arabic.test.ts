import { describe, expect, it } from 'vitest';
import {
  guessLanguage,
  normalizeArabic,
  toAsciiDigits,
  tokenize,
} from '../../../src/shared/text/normalize-arabic.js';

describe('normalizeArabic', () => {
  it.each([
    ['الْعِرَاقُ', 'العراق'], // diacritics
    ['اقتصـــاد', 'اقتصاد'], // tatweel
    ['أإآ', 'ااا'], // alef forms
    ['مستشفى', 'مستشفي'], // alef maqsura
    ['القاعدة', 'القاعده'], // taa marbuta
    ['٢٠٢٥ و ۲۰۲۶', '2025 و 2026'], // Arabic-Indic and Persian digits
    ['\u200fعين\u200e  الأسد\u202b', 'عين الاسد'], // bidi controls, whitespace
    ['Ain AL-Asad', 'ain al-asad'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeArabic(input)).toBe(expected);
  });

  it('keeps taa marbuta when asked', () => {
    expect(normalizeArabic('القاعدة', { taaMarbuta: false })).toBe('القاعدة');
  });
});

describe('helpers', () => {
  it('maps digits', () => expect(toAsciiDigits('٠١٩')).toBe('019'));
  it('guesses language', () => {
    expect(guessLanguage('انسحاب القوات الأمريكية')).toBe('ar');
    expect(guessLanguage('US troops leave Iraq')).toBe('en');
    expect(guessLanguage('12')).toBeNull();
  });
  it('tokenizes', () =>
    expect(tokenize('عين الاسد, ain-asad 2025')).toEqual(['عين', 'الاسد', 'ain', 'asad', '2025']));
});
