/** Table of feed date shapes seen in the wild, each class several cases; expected values worked out by hand. */
import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../../../src/fetch/formats/parse-date.js';

const shapes: Array<[string, string, string | undefined]> = [
  // class, input, expected UTC
  ['full month', 'Mon, 26 January 2004 16:31:00 +0000', '2004-01-26T16:31:00Z'],
  ['full month', 'Tue, 10 June 2025 14:00:00 +0300', '2025-06-10T11:00:00Z'],
  ['full month', 'Wed, 3 September 2025 08:05:00 GMT', '2025-09-03T08:05:00Z'],
  ['full month', 'Thursday, 12 December 2024 22:10 +0100', '2024-12-12T21:10:00Z'],
  ['full month', 'Sun, 01 Sept 2024 10:00:00 +0000', '2024-09-01T10:00:00Z'],
  ['zone name', 'Mon, 26 January 2004 16:31:00 ET', '2004-01-26T21:31:00Z'],
  ['zone name', 'Mon, 07 Jul 2025 09:00:00 ET', '2025-07-07T13:00:00Z'],
  ['zone name', 'Fri, 14 Feb 2025 06:00:00 PT', '2025-02-14T14:00:00Z'],
  ['zone name', 'Fri, 15 Aug 2025 06:00:00 PT', '2025-08-15T13:00:00Z'],
  ['zone name', 'Tue, 04 Mar 2025 12:00:00 MET', '2025-03-04T11:00:00Z'],
  ['zone name', 'Tue, 01 Jul 2025 12:00:00 MEST', '2025-07-01T10:00:00Z'],
  ['zone name', 'Sat, 08 Nov 2025 18:30:00 AST', '2025-11-08T15:30:00Z'],
  ['zone name', 'Sat, 08 Nov 2025 18:30:00 Etc/GMT-3', '2025-11-08T15:30:00Z'],
  ['zone name', 'Sat, 08 Nov 2025 18:30:00 GMT+3', '2025-11-08T15:30:00Z'],
  ['zone name', 'Sat, 08 Nov 2025 18:30:00 GMT+03:00', '2025-11-08T15:30:00Z'],
  ['zone name', 'Wed, 01 Oct 2025 17:00:00 CEST', '2025-10-01T15:00:00Z'],
  ['zone name', 'Wed, 01 Oct 2025 17:00:00 EEST', '2025-10-01T14:00:00Z'],
  ['colon offset', 'Wed, 01 Oct 2025 17:00:42 +03:00', '2025-10-01T14:00:42Z'],
  ['colon offset', 'Wed, 01 Oct 2025 17:00:42 -05:00', '2025-10-01T22:00:42Z'],
  ['colon offset', 'Wed, 01 Oct 2025 17:00 +04:30', '2025-10-01T12:30:00Z'],
  ['colon offset', '1 Oct 2025 17:00:00 +02:00', '2025-10-01T15:00:00Z'],
  ['no time', 'Wed, 01 Oct 2025', '2025-10-01T00:00:00Z'],
  ['no time', '01 Oct 2025', '2025-10-01T00:00:00Z'],
  ['no time', 'Tue, 10 June 2025', '2025-06-10T00:00:00Z'],
  ['no time', 'Mon, 5 Jan 26', '2026-01-05T00:00:00Z'],
  ['extra comma', 'Wed,, 01 Oct 2025 17:00:00 +0000', '2025-10-01T17:00:00Z'],
  ['extra comma', 'Wed, 01 Oct, 2025 17:00:00 +0000', '2025-10-01T17:00:00Z'],
  ['extra comma', 'Wed, 01 Oct 2025, 17:00:00 GMT', '2025-10-01T17:00:00Z'],
  ['extra comma', 'Wednesday,  01 October 2025 17:00:00 +0000', '2025-10-01T17:00:00Z'],
  ['asctime', 'Sun Nov  6 08:49:37 1994', '1994-11-06T08:49:37Z'],
  ['asctime', 'Tue Jun 10 14:00:00 2025', '2025-06-10T14:00:00Z'],
  ['asctime', 'Tue Jun 10 14:00:00 +0300 2025', '2025-06-10T11:00:00Z'],
  ['asctime', 'Wed Oct 1 17:00:00 GMT 2025', '2025-10-01T17:00:00Z'],
  ['partial ISO', '2025-06', '2025-06-01T00:00:00Z'],
  ['partial ISO', '2025', '2025-01-01T00:00:00Z'],
  ['partial ISO', '2025-06-10T14', '2025-06-10T14:00:00Z'],
  ['partial ISO', '2025-06-10T14:05', '2025-06-10T14:05:00Z'],
  ['partial ISO', '2025-06-10 14:05+03:00', '2025-06-10T11:05:00Z'],
  ['ISO', '2025-06-10T14:00:00Z', '2025-06-10T14:00:00Z'],
  ['ISO', '2025-06-10T14:00:00.123+03:00', '2025-06-10T11:00:00.123Z'],
  ['ISO', '2025-06-10T14:00:00+0300', '2025-06-10T11:00:00Z'],
  ['strict RFC', 'Wed, 01 Oct 2025 17:00:42 +0200', '2025-10-01T15:00:42Z'],
  ['strict RFC', 'Wed, 01 Oct 2025 17:00:42 GMT', '2025-10-01T17:00:42Z'],
  ['strict RFC', 'Wed, 01 Oct 2025 17:00:42 EST', '2025-10-01T22:00:42Z'],
  ['strict RFC', '01 Oct 25 17:00 Z', '2025-10-01T17:00:00Z'],
  ['comment', 'Wed, 01 Oct 2025 17:00:00 +0300 (Arabia Standard Time)', '2025-10-01T14:00:00Z'],
  ['invalid offset', 'Wed, 01 Oct 2025 17:00:00 -99:99', undefined],
  ['invalid offset', '2025-10-01T17:00:00-99:99', undefined],
  ['invalid offset', 'Wed, 01 Oct 2025 17:00:00 +2500', undefined],
  ['invalid offset', '2025-10-01T17:00:00+15:00', undefined],
  ['garbage', 'yesterday-ish', undefined],
  ['garbage', 'Foo, 01 Bar 2025 17:00:00 +0000', undefined],
  ['garbage', '32 Oct 2025 10:00:00 +0000', undefined],
  ['garbage', 'Wed, 01 Oct 2025 25:00:00 +0000', undefined],
];

describe('feed date shapes', () => {
  it('covers more than fifty shapes', () => {
    expect(shapes.length).toBeGreaterThan(50);
  });
  it.each(shapes)('%s: %s', (_class, input, expected) => {
    expect(parseFeedDate(input)).toBe(expected);
  });
  it('reads a zone-less RFC date in the source zone', () => {
    expect(parseFeedDate('Wed, 01 Oct 2025 17:00', 'Asia/Baghdad')).toBe('2025-10-01T14:00:00Z');
    expect(parseFeedDate('01 October 2025', 'Asia/Baghdad')).toBe('2025-09-30T21:00:00Z');
  });
});
