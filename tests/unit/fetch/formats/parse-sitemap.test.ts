import { describe, expect, it } from 'vitest';
import { FormatParseError } from '../../../../src/fetch/formats/candidate-fields.js';
import { parseSitemap } from '../../../../src/fetch/formats/parse-sitemap.js';

describe('parseSitemap', () => {
  it('reads a Google News sitemap with titles and dates, newest first, skipping images', () => {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://a.example/old</loc><news:news><news:publication><news:name>A</news:name><news:language>ar</news:language></news:publication>
        <news:publication_date>2025-08-01T10:00:00+03:00</news:publication_date><news:title>قديم &amp; خبر</news:title></news:news></url>
      <url><loc>https://a.example/new</loc><news:news><news:publication_date>2025-08-02T10:00:00Z</news:publication_date><news:title>جديد</news:title></news:news></url>
      <url><loc>https://a.example/pic.jpg</loc></url></urlset>`;
    const { candidates, sitemaps } = parseSitemap(xml, 'https://a.example/s.xml', 's');
    expect(sitemaps).toEqual([]);
    expect(candidates.map((c) => c.url)).toEqual(['https://a.example/new', 'https://a.example/old']);
    expect(candidates[1]).toMatchObject({
      title: 'قديم & خبر',
      publishedAt: '2025-08-01T07:00:00Z',
      language: 'ar',
    });
  });

  it('derives a title from the slug of a plain sitemap entry', () => {
    const xml = `<urlset><url><loc>https://a.example/2025/10/01/us-troops-leave-iraq</loc><lastmod>2025-10-01</lastmod></url></urlset>`;
    expect(
      parseSitemap(xml, 'https://a.example/', 's', { timezone: 'Asia/Baghdad' }).candidates[0],
    ).toMatchObject({
      title: 'us troops leave iraq',
      publishedAt: '2025-09-30T21:00:00Z',
    });
  });

  it('lists the children of a sitemap index, newest lastmod first', () => {
    const xml = `<sitemapindex><sitemap><loc>https://a.example/s-2025-09.xml</loc><lastmod>2025-09-30</lastmod></sitemap>
      <sitemap><loc>/s-2025-10.xml</loc><lastmod>2025-10-31</lastmod></sitemap></sitemapindex>`;
    expect(parseSitemap(xml, 'https://a.example/all.xml', 's').sitemaps).toEqual([
      'https://a.example/s-2025-10.xml',
      'https://a.example/s-2025-09.xml',
    ]);
  });

  it('throws FormatParseError on malformed XML or a non-sitemap', () => {
    for (const bad of ['<urlset><url><loc>x', '<rss version="2.0"><channel/></rss>', 'not xml', '']) {
      expect(() => parseSitemap(bad, 'https://a.example/', 's')).toThrow(FormatParseError);
    }
  });
});
