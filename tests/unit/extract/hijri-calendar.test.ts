import { describe, expect, it } from 'vitest';
import { getHijriMonthNumber, hijriToGregorian } from '../../../src/extract/dates/hijri-calendar.js';
import { parseDateText } from '../../../src/extract/dates/parse-date-text.js';

describe('hijriToGregorian (Umm al-Qura via Intl)', () => {
  it.each([
    [1446, 9, 1, '2025-03-01'],
    [1446, 10, 1, '2025-03-30'],
    [1445, 1, 1, '2023-07-19'],
    [1447, 1, 1, '2025-06-26'],
    [1444, 12, 10, '2023-06-28'],
    [1440, 9, 1, '2019-05-06'],
    [1420, 1, 1, '1999-04-17'],
  ])('%i-%i-%i → %s', (y, m, d, iso) => {
    expect(hijriToGregorian(y, m, d)?.toISOString().slice(0, 10)).toBe(iso);
  });

  it('round-trips every day of a span through Intl', () => {
    const format = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      timeZone: 'UTC',
    });
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 7 * 86_400_000) {
      const parts = format.formatToParts(new Date(ms + 43_200_000));
      const n = (t: string): number => Number(parts.find((p) => p.type === t)?.value);
      expect(hijriToGregorian(n('year'), n('month'), n('day'))?.getTime()).toBe(ms);
    }
  });

  it('rejects impossible and out-of-range dates', () => {
    expect(hijriToGregorian(1446, 13, 1)).toBeNull();
    expect(hijriToGregorian(1446, 9, 31)).toBeNull();
    expect(hijriToGregorian(99, 1, 1)).toBeNull();
    expect(hijriToGregorian(1446, 9, 1.5)).toBeNull();
  });

  it('names months in their spellings', () => {
    expect(getHijriMonthNumber('رمضان')).toBe(9);
    expect(getHijriMonthNumber('ذو الحجّة')).toBe(12);
    expect(getHijriMonthNumber('جمادى الآخرة')).toBe(6);
    expect(getHijriMonthNumber('ربيع الأول')).toBe(3);
    expect(getHijriMonthNumber('يناير')).toBeNull();
  });
});

describe('parseDateText: Hijri-only date lines', () => {
  const options = { timeZone: 'Asia/Riyadh', now: new Date('2025-10-05T12:00:00Z') };
  it.each([
    ['السبت 1 رمضان 1446 هـ', '2025-03-01T00:00:00+03:00', true],
    ['١ رمضان ١٤٤٦هـ - ١٠:٣٠ ص', '2025-03-01T10:30:00+03:00', false],
    ['1 شوّال 1446 هـ 09:00', '2025-03-30T09:00:00+03:00', false],
    ['01/09/1446 هـ', '2025-03-01T00:00:00+03:00', true],
    ['1446/09/01 هـ', '2025-03-01T00:00:00+03:00', true],
    ['10 ذو الحجة 1444 هـ', '2023-06-28T00:00:00+03:00', true],
  ])('%s', (text, iso, approximate) => {
    expect(parseDateText(text, options)).toEqual({ iso, approximate });
  });

  it('the Gregorian date wins when both are printed', () => {
    expect(parseDateText('1 رمضان 1446 هـ الموافق 2 مارس 2025', options)?.iso).toBe(
      '2025-03-02T00:00:00+03:00',
    );
  });

  it('an impossible Hijri date is no date', () => {
    expect(parseDateText('31 رمضان 1446 هـ', options)).toBeNull();
  });
});
