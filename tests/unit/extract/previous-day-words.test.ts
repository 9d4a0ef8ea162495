import { describe, expect, it } from 'vitest';
import { parseDateText } from '../../../src/extract/dates/parse-date-text.js';

// 15:00 in Baghdad on 5 October 2025.
const now = new Date('2025-10-05T12:00:00Z');
const baghdad = { timeZone: 'Asia/Baghdad', now };
const dayStart = (day: number): string => `2025-10-0${day}T00:00:00+03:00`;

const iso = (text: string): string | null => parseDateText(text, baghdad)?.iso ?? null;

describe('parseDateText: the previous day and the day before', () => {
  it.each([
    ['اليوم السابق', dayStart(4)],
    ['في اليوم السابق', dayStart(4)],
    ['نُشر في اليومِ السابق', dayStart(4)],
    ['اليوم الماضي', dayStart(4)],
    ['البارحة', dayStart(4)],
    ['مساء البارحه', dayStart(4)],
    ['أمس', dayStart(4)],
    ['يوم أمس', dayStart(4)],
    ['the previous day', dayStart(4)],
    ['The day before', dayStart(4)],
    ['Yesterday', dayStart(4)],
  ])('%s → yesterday', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ['أول أمس', dayStart(3)],
    ['أول من أمس', dayStart(3)],
    ['أمس الأول', dayStart(3)],
    ['امس الاول', dayStart(3)],
    ['قبل أمس', dayStart(3)],
    ['أول البارحة', dayStart(3)],
    ['قبل البارحة', dayStart(3)],
    ['the day before yesterday', dayStart(3)],
  ])('%s → two days back', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ['قبل يومين', '2025-10-03T15:00:00+03:00'],
    ['منذ يومين', '2025-10-03T15:00:00+03:00'],
    ['قبل يومان', '2025-10-03T15:00:00+03:00'],
    ['two days ago', '2025-10-03T15:00:00+03:00'],
    ['2 days ago', '2025-10-03T15:00:00+03:00'],
  ])('%s → 48 hours back', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ['اليوم السابق 10:30 ص', '2025-10-04T10:30:00+03:00'],
    ['أمس الأول الساعة 9:15 م', '2025-10-03T21:15:00+03:00'],
    ['the previous day at 8:00 pm', '2025-10-04T20:00:00+03:00'],
  ])('%s keeps its clock time', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it.each([
    ['اليوم', dayStart(5)],
    ['صباح اليوم', dayStart(5)],
    ['today', dayStart(5)],
  ])('%s is still today', (text, expected) => {
    expect(iso(text)).toBe(expected);
  });

  it('a previous day is not today, whatever follows "اليوم"', () => {
    for (const text of ['اليوم السابق', 'في اليوم السابق للانسحاب', 'اليوم الماضي'])
      expect(iso(text)).not.toBe(dayStart(5));
  });
});
