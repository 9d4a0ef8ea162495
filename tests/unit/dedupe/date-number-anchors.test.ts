import { describe, expect, it } from 'vitest';
import { extractDateNumberAnchors } from '../../../src/dedupe/date-number-anchors.js';
import { normalizeArabic } from '../../../src/shared/text/normalize-arabic.js';

const keys = (text: string): string[] => [...extractDateNumberAnchors(normalizeArabic(text)).keys()].sort();

describe('extractDateNumberAnchors', () => {
  it('reads the same date in Arabic and English', () => {
    expect(keys('بحلول ١٥ سبتمبر 2025')).toEqual(['day:09-15', 'month:2025-09']);
    expect(keys('by September 15, 2025')).toEqual(['day:09-15', 'month:2025-09']);
    expect(keys('حتى أيلول 2026')).toEqual(['month:2026-09']);
    expect(keys('في 3 تشرين الأول')).toEqual(['day:10-03']);
  });

  it('keeps numbers with thousands separators whole', () => {
    expect(keys('about 2,500 troops and 900 more')).toEqual(['num:2500', 'num:900']);
  });

  it('reads ISO dates and bare years', () => {
    expect(keys('2025-08-17 and 2026')).toEqual(['day:08-17', 'month:2025-08', 'year:2025', 'year:2026']);
  });
});
