import { describe, expect, it } from 'vitest';
import { parseMachineDate } from '../../../src/extract/dates/parse-machine-date.js';
import { parseDateFromUrl } from '../../../src/extract/dates/date-from-url.js';

describe('parseMachineDate', () => {
  it.each([
    ['2026-01-06 13:55:27 +01:00', '2026-01-06T13:55:27+01:00'],
    ['2023-01-12T00:55:00.000+0400', '2023-01-12T00:55:00+04:00'],
    ['2024-04-30T16:38:37+02:00', '2024-04-30T16:38:37+02:00'],
    ['2024-04-30T14:38:37Z', '2024-04-30T14:38:37Z'],
    ['Wed, 01 Oct 2025 17:00:42 +0200', '2025-10-01T17:00:42+02:00'],
    ['Wed, 01 Oct 2025 17:00:42 GMT', '2025-10-01T17:00:42Z'],
    ['1767704127', '2026-01-06T12:55:27Z'],
    ['1767704127000', '2026-01-06T12:55:27Z'],
  ])('%s', (value, iso) => {
    expect(parseMachineDate(value, 'Asia/Baghdad')).toBe(iso);
  });

  it('reads a zone-less value in the source zone, never the host zone', () => {
    expect(parseMachineDate('2025-10-03 10:00:00', 'Asia/Baghdad')).toBe('2025-10-03T10:00:00+03:00');
    expect(parseMachineDate('2025-10-03T10:00', 'Asia/Dubai')).toBe('2025-10-03T10:00:00+04:00');
  });

  it.each(['', 'soon', '2025-13-45', null])('%j → null', (value) => {
    expect(parseMachineDate(value, 'UTC')).toBeNull();
  });
});

describe('parseDateFromUrl', () => {
  it.each([
    ['https://example.net/news/2025/7/17/some-slug', '2025-07-17T00:00:00+03:00'],
    ['https://example.net/arab-and-world/2023/01/12/slug', '2023-01-12T00:00:00+03:00'],
    ['https://example.net/20230611/slug-1234.html', '2023-06-11T00:00:00+03:00'],
  ])('%s', (url, iso) => {
    expect(parseDateFromUrl(url, 'Asia/Baghdad')).toBe(iso);
  });

  it('returns null for URLs without a date or invalid URLs', () => {
    expect(parseDateFromUrl('https://example.net/news/12345/slug', 'UTC')).toBeNull();
    expect(parseDateFromUrl('not a url', 'UTC')).toBeNull();
  });
});
