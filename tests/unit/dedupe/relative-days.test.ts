import { describe, expect, it } from 'vitest';
import { computeFeatures } from '../../../src/dedupe/item-features.js';
import { referenceDay, relativeDayAnchors } from '../../../src/dedupe/relative-days.js';
import { normalizeArabic, tokenize } from '../../../src/shared/text/normalize-arabic.js';

const days = (text: string, publishedAt: string | null): string[] => {
  const normalized = normalizeArabic(text);
  return [...relativeDayAnchors(tokenize(normalized), referenceDay(publishedAt, normalized)).keys()].sort();
};

// 2025-08-23 was a Saturday.
const SATURDAY_NOON = '2025-08-23T12:00:00Z';

describe('relative day anchors', () => {
  it('reads a weekday as the latest such day on or before the report date, in Arabic and English', () => {
    expect(days('أعربت السفارة، يوم السبت، عن قلقها', SATURDAY_NOON)).toEqual(['day:08-23']);
    expect(days('خرج رتل عسكري يوم الاثنين الماضي', SATURDAY_NOON)).toEqual(['day:08-18']);
    expect(days('وأعلنت الوزارة الخميس تسلم القاعدة', SATURDAY_NOON)).toEqual(['day:08-21']);
    expect(days('The embassy said on Saturday', SATURDAY_NOON)).toEqual(['day:08-23']);
    expect(days('A convoy left on Wednesday', SATURDAY_NOON)).toEqual(['day:08-20']);
  });

  it('reads today and yesterday from the report date', () => {
    expect(days('أعلنت قيادة العمليات اليوم تسلم القاعدة', SATURDAY_NOON)).toEqual(['day:08-23']);
    expect(days('وكان المتحدث قد قال أمس إن', SATURDAY_NOON)).toEqual(['day:08-22']);
    expect(days('officials said yesterday', '2025-09-01T08:00:00Z')).toEqual(['day:08-31']);
  });

  it('uses the local (Iraq) calendar day of the publication time', () => {
    // 22:30 UTC on Friday is already Saturday in Baghdad.
    expect(days('اليوم', '2025-08-22T22:30:00Z')).toEqual(['day:08-23']);
  });

  it('falls back on a date stamp in the text when the item has no date', () => {
    expect(days('date 2025-08-23 السفارة تحذر يوم السبت', null)).toEqual(['day:08-23']);
    expect(days('2025-08-25: a convoy left on Sunday', null)).toEqual(['day:08-24']);
  });

  it('reads nothing without a reference date, and no ambiguous word without "يوم"', () => {
    expect(days('خرج رتل يوم السبت', null)).toEqual([]);
    expect(days('on Saturday', 'not a date')).toEqual([]);
    // "الأحد" (also "the one") and "الجمعة" (also the prayers) only after "يوم".
    expect(days('صلاة الجمعة في المسجد الأحد عشر', SATURDAY_NOON)).toEqual([]);
    expect(days('وصل الوفد يوم الأحد', SATURDAY_NOON)).toEqual(['day:08-17']);
  });

  it('gives an undated-in-text report the same day anchor as a report that writes the date', () => {
    const named = computeFeatures(
      {
        lang: 'en',
        text: 'A US convoy left Ain al-Asad on Saturday, officials said.',
        publishedAt: SATURDAY_NOON,
      },
      null,
      true,
    );
    const written = computeFeatures(
      { lang: 'ar', text: 'غادر رتل أمريكي قاعدة عين الأسد في 23 آب 2025' },
      null,
    );
    expect(named.anchors.has('day:08-23')).toBe(true);
    expect(written.anchors.has('day:08-23')).toBe(true);
    const undated = computeFeatures({ lang: 'en', text: 'A US convoy left on Saturday.' }, null, true);
    expect([...undated.anchors.keys()].some((k) => k.startsWith('day:'))).toBe(false);
    // Off unless asked for (StoryIndexOptions.relativeDays).
    const off = computeFeatures(
      { lang: 'en', text: 'A convoy left on Saturday.', publishedAt: SATURDAY_NOON },
      null,
    );
    expect([...off.anchors.keys()].some((k) => k.startsWith('day:'))).toBe(false);
  });
});

describe('a weekday beside a written date', () => {
  it('is left to the written date, in Arabic and English', () => {
    expect(days('The convoy left on Sunday, September 12, officials said', SATURDAY_NOON)).toEqual([]);
    expect(days('غادر الرتل يوم الأحد 12 أيلول', SATURDAY_NOON)).toEqual([]);
    expect(days('أعلنت الوزارة الخميس 21 آب', SATURDAY_NOON)).toEqual([]);
  });
});
