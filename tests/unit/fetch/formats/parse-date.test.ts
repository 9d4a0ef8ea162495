import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../../src/fetch/formats/parse-date.js';

describe('parseFeedDate', () => {
  it('reads RFC-822 with numeric offsets and zone names', () => {
    expect(parseFeedDate('Wed, 01 Oct 2025 17:00:42 +0200')).toBe('2025-10-01T15:00:42Z');
    expect(parseFeedDate('Sat, 23 Aug 2025 10:00 GMT')).toBe('2025-08-23T10:00:00Z');
    expect(parseFeedDate('Sat, 23 Aug 2025 10:00:00 UTC')).toBe('2025-08-23T10:00:00Z');
  });
  it('tolerates a weekday that disagrees with the date', () => {
    expect(parseFeedDate('Mon, 23 Aug 2025 10:00:00 +0300')).toBe('2025-08-23T07:00:00Z');
  });
  it('reads ISO with a space, and offsets without a colon', () => {
    expect(parseFeedDate('2026-01-06 13:55:27 +01:00')).toBe('2026-01-06T12:55:27Z');
    expect(parseFeedDate('2023-01-12T00:55:00.000+0400')).toBe('2023-01-11T20:55:00Z');
  });
  it('reads a zone-less date in the source zone, never the host zone', () => {
    expect(parseFeedDate('2025-08-23T10:00:00', 'Asia/Baghdad')).toBe('2025-08-23T07:00:00Z');
    expect(parseFeedDate('2025-08-23 10:00', 'Asia/Beirut')).toBe('2025-08-23T07:00:00Z');
    expect(parseFeedDate('6 Mar 2026', 'Asia/Riyadh')).toBe('2026-03-05T21:00:00Z');
  });
  it('reads Unix seconds and milliseconds', () => {
    expect(parseFeedDate('1755956520')).toBe('2025-08-23T13:42:00Z');
    expect(parseFeedDate(1755956520000)).toBe('2025-08-23T13:42:00Z');
  });
  it('strips bidi marks', () => {
    expect(parseFeedDate('\u200f2025-08-23T10:00:00Z\u200e')).toBe('2025-08-23T10:00:00Z');
  });
  it('returns undefined for junk', () => {
    for (const junk of ['', 'منذ ساعتين', 'yesterday', '2025-13-45', '0', null, undefined]) {
      expect(parseFeedDate(junk)).toBeUndefined();
    }
  });
});
