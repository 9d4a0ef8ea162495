import { describe, expect, it } from 'vitest';
import { parseDateText } from '../../../src/extract/dates/parse-date-text.js';
import { normalizeArabic } from '../../../src/shared/text/normalize-arabic.js';

const now = new Date('2025-10-05T12:00:00Z');
const baghdad = { timeZone: 'Asia/Baghdad', now };
const minus = (ms: number): number => now.getTime() - ms;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function instant(text: string): number | null {
  const parsed = parseDateText(text, baghdad);
  return parsed ? new Date(parsed.iso).getTime() : null;
}

describe('parseDateText: relative counts above ten with the accusative ending', () => {
  it.each([
    ['منذ 11 يوماً', minus(11 * DAY)],
    ['قبل 20 يوما', minus(20 * DAY)],
    ['منذ ١٥ يوماً', minus(15 * DAY)],
    ['منذ ۱۲ يوماً', minus(12 * DAY)],
    ['منذ 12 شهراً', new Date('2024-10-05T12:00:00Z').getTime()],
    ['قبل 20 عاماً', new Date('2005-10-05T12:00:00Z').getTime()],
    ['منذ 11 أسبوعاً', minus(77 * DAY)],
    ['منذ 45 دقيقة', minus(45 * 60_000)],
  ])('%s', (text, expected) => {
    expect(instant(text)).toBe(expected);
  });
});

describe('parseDateText: relative number words', () => {
  it.each([
    ['منذ ثلاث ساعات', minus(3 * HOUR)],
    ['قبل خمس دقائق', minus(5 * 60_000)],
    ['منذ عشرة أيام', minus(10 * DAY)],
    ['منذ سبعة أيام', minus(7 * DAY)],
    ['قبل أربع ساعات', minus(4 * HOUR)],
    ['منذ عشرين دقيقة', minus(20 * 60_000)],
    ['منذ ثلاثين دقيقة', minus(30 * 60_000)],
    ['منذ نصف ساعة', minus(30 * 60_000)],
    ['قبل ربع ساعة', minus(15 * 60_000)],
    ['منذ ساعتين', minus(2 * HOUR)],
    ['منذ يومين', minus(2 * DAY)],
    ['نُشر منذ ثمانية أشهر', new Date('2025-02-05T12:00:00Z').getTime()],
  ])('%s', (text, expected) => {
    expect(instant(text)).toBe(expected);
  });
});

describe('Persian-keyboard letters', () => {
  it('normalizeArabic folds ی ک ۀ ە ہ ۃ', () => {
    expect(normalizeArabic('کانون أیار ۀ ە ہ ۃ', { taaMarbuta: false })).toBe('كانون ايار ه ه ه ة');
  });
  it.each([
    ['12 تشرین الأول 2024 12:05', '2024-10-12T12:05:00+03:00'],
    ['5 أیار 2025 08:00', '2025-05-05T08:00:00+03:00'],
    ['5 کانون الثانی 2025 08:00', '2025-01-05T08:00:00+03:00'],
  ])('dates typed with them parse: %s', (text, iso) => {
    expect(parseDateText(text, baghdad)?.iso).toBe(iso);
  });
});
