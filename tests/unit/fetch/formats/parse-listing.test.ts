import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSourceFile } from '../../../../src/config/sources.js';
import { FormatParseError } from '../../../../src/fetch/formats/candidate-fields.js';
import { parseListing } from '../../../../src/fetch/formats/parse-listing.js';

const root = join(import.meta.dirname, '../../../..');

describe('parseListing', () => {
  it('reads the recorded aljazeera.com listing with the Al Jazeera YAML card selectors', () => {
    const file = join(root, 'selectors/aljazeera-arabic.yaml');
    const source = parseSourceFile(file, readFileSync(file, 'utf8'));
    const layer = source.fetch.find((l) => l.type === 'listing');
    if (layer?.type !== 'listing') throw new Error('no listing layer');
    const html = gunzipSync(
      readFileSync(
        join(root, 'tests/fixtures/sources/aljazeera-arabic/listing-recorded-aljazeera-com.html.gz'),
      ),
    ).toString('utf8');
    const items = parseListing(html, layer.selectors, 'https://www.aljazeera.com/economy/', 'aljazeera', {
      timezone: 'Asia/Riyadh',
    });
    expect(items.length).toBeGreaterThanOrEqual(10);
    const first = items[0]!;
    expect(first.url).toBe(
      'https://www.aljazeera.com/news/2026/3/6/us-issues-limited-licence-for-venezuelan-gold-following-high-level-visit',
    );
    expect(first.title).toBe('US issues limited licence for Venezuelan gold following high-level visit');
    expect(first.summary).toMatch(/^The licence follows/);
    expect(first.publishedAt).toBe('2026-03-05T21:00:00Z');
    expect(new Set(items.map((i) => i.url)).size).toBe(items.length);
  });

  it('uses the item anchor itself, attributes for dates, and skips items without link or title', () => {
    const html = `<base href="https://b.example/ar/"><div class="x"><a class="t" href="20250823/a.html">أ</a><span data-unixtime="1755956520"></span></div>
      <div class="x"><a class="t" href="#">anchor only</a></div><div class="x"><a class="t" href="/b"></a></div><div class="x"><a class="t" href="/c" title="عنوان من السمة"></a></div>`;
    const items = parseListing(
      html,
      { item: '.x', title: 'a.t', date: '[data-unixtime]', dateAttribute: 'data-unixtime' },
      'https://a.example/',
      's',
    );
    expect(items.map((i) => i.url)).toEqual(['https://b.example/ar/20250823/a.html', 'https://b.example/c']);
    expect(items[0]?.publishedAt).toBe('2025-08-23T13:42:00Z');
    expect(items[1]?.title).toBe('عنوان من السمة');
  });

  it('returns nothing for a page without items and throws on a broken selector', () => {
    expect(
      parseListing(
        '<html><body>Just a moment...</body></html>',
        { item: '.news-item' },
        'https://a.example/',
        's',
      ),
    ).toEqual([]);
    expect(() => parseListing('<p>x</p>', { item: 'div[[' }, 'https://a.example/', 's')).toThrow(
      FormatParseError,
    );
  });
});
