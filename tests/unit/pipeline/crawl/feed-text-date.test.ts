import { describe, expect, it } from 'vitest';
import { parseFeedDocument } from '../../../../src/fetch/formats/parse-feed.js';
import { parseFeedTextDate } from '../../../../src/pipeline/crawl/feed-text-date.js';

const feed = (pubDate: string): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>خبر</title><link>https://news.example/1</link><pubDate>${pubDate}</pubDate></item></channel></rss>`;

describe('Arabic feed pubDates through the injected visible-date parser', () => {
  const cases: Array<[string, string, string]> = [
    ['الثلاثاء، 10 يونيو 2025 14:00:00 +0300', 'UTC', '2025-06-10T11:00:00Z'],
    ['الثلاثاء، ١٠ يونيو ٢٠٢٥ ١٤:٠٠:٠٠ +0300', 'UTC', '2025-06-10T11:00:00Z'],
    ['الأربعاء، 3 أيلول 2025 10:30', 'Asia/Baghdad', '2025-09-03T07:30:00Z'],
    ['٥ حزيران ٢٠٢٥ ٠٩:١٥', 'Asia/Baghdad', '2025-06-05T06:15:00Z'],
    ['السبت 1 نوفمبر 2025 - 20:00 +0000', 'Asia/Baghdad', '2025-11-01T20:00:00Z'],
  ];
  it.each(cases)('%s (%s)', (text, zone, iso) => {
    const [c] = parseFeedDocument(feed(text), 'https://news.example/f', 's', {
      timezone: zone,
      parseTextDate: parseFeedTextDate,
    }).candidates;
    expect(c?.publishedAt).toBe(iso);
  });

  it('machine formats still win, English included, and junk stays undated', () => {
    const opts = { parseTextDate: parseFeedTextDate };
    const read = (d: string) => parseFeedDocument(feed(d), 'https://news.example/f', 's', opts).candidates[0];
    expect(read('Tue, 10 Jun 2025 14:00:00 +0300')?.publishedAt).toBe('2025-06-10T11:00:00Z');
    expect(read('not a date at all')?.publishedAt).toBeUndefined();
    expect(parseFeedTextDate('', 'UTC')).toBeUndefined();
  });

  it('without the injected parser an Arabic pubDate is left undated (the fetch stage alone)', () => {
    const [c] = parseFeedDocument(
      feed('الثلاثاء، 10 يونيو 2025 14:00:00 +0300'),
      'https://news.example/f',
      's',
    ).candidates;
    expect(c?.publishedAt).toBeUndefined();
  });
});
