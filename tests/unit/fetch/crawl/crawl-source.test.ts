import { describe, expect, it } from 'vitest';
import type { Source } from '../../../../src/config/source-schema.js';
import { parseSourceFile } from '../../../../src/config/sources.js';
import { crawlSource } from '../../../../src/fetch/crawl-source.js';
import { createMemoryLayerStateStore } from '../../../../src/fetch/crawl/layer-state.js';
import { FetchError } from '../../../../src/fetch/http/fetch-error.js';
import type { FetchTextResult, HttpClient } from '../../../../src/fetch/http/http-types.js';

const YAML = `
name: Test
language: ar
timezone: Asia/Baghdad
fetch:
  - type: feed
    url: https://a.example/rss
    staleAfter: 1h
  - type: sitemap
    url: https://a.example/news.xml
  - type: listing
    url: https://a.example/latest
    selectors: { item: li, title: a }
article:
  linkPattern: '^/news/\\d+'
`;
const source: Source = parseSourceFile('selectors/test.yaml', YAML);

const rss = (ids: number[], date = 'Sat, 23 Aug 2025 10:00:00 +0300') =>
  `<rss version="2.0"><channel><title>t</title><link>https://a.example</link><description>d</description>${ids
    .map(
      (id) =>
        `<item><title>خبر ${id}</title><link>https://a.example/news/${id}</link><pubDate>${date}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;
const sitemap = `<urlset xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.example/news/900</loc><news:news><news:title>من الخريطة</news:title><news:publication_date>2025-08-23T10:00:00Z</news:publication_date></news:news></url></urlset>`;
const listing = `<ul><li><a href="/news/901">من القائمة</a></li><li><a href="/about">about</a></li></ul>`;

/** A fake client: each path answers with a body, a 304, or a FetchError. */
function fakeHttp(
  routes: Record<string, string | 'not-modified' | FetchError>,
): HttpClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetchText(url): Promise<FetchTextResult> {
      calls.push(url);
      const route = routes[new URL(url).pathname];
      if (route === undefined)
        return Promise.reject(new FetchError('http-status', url, 'HTTP 404', { status: 404 }));
      if (route instanceof FetchError) return Promise.reject(route);
      if (route === 'not-modified') return Promise.resolve({ kind: 'not-modified', url, finalUrl: url });
      return Promise.resolve({
        kind: 'ok',
        url,
        finalUrl: url,
        status: 200,
        contentType: 'text/xml',
        text: route,
        bytes: route.length,
        charset: 'utf-8',
      });
    },
    close: () => Promise.resolve(),
  };
}

const now = () => new Date('2025-08-24T00:00:00Z');

describe('crawlSource', () => {
  it('serves from the first layer when it works', async () => {
    const http = fakeHttp({ '/rss': rss([1, 2]), '/news.xml': sitemap });
    const out = await crawlSource(source, { http, now });
    expect(out.layer).toBe('feed');
    expect(out.candidates.map((c) => c.url)).toEqual([
      'https://a.example/news/1',
      'https://a.example/news/2',
    ]);
    expect(out.attempts).toHaveLength(1);
    expect(http.calls).toEqual(['https://a.example/rss']);
  });

  it('moves down the chain when the feed breaks, and records why', async () => {
    const http = fakeHttp({
      '/rss': new FetchError('http-status', 'https://a.example/rss', 'HTTP 503', { status: 503 }),
      '/news.xml': sitemap,
    });
    const out = await crawlSource(source, { http, now });
    expect(out.layer).toBe('sitemap');
    expect(out.layerUrl).toBe('https://a.example/news.xml');
    expect(out.attempts.map((a) => [a.layer, a.ok])).toEqual([
      ['feed', false],
      ['sitemap', true],
    ]);
    expect(out.attempts[0]?.error).toMatch(/503/);
  });

  it('treats a feed that turned into an HTML challenge page as broken', async () => {
    const http = fakeHttp({
      '/rss': '<html><title>Just a moment...</title></html>',
      '/news.xml': '<urlset/>',
      '/latest': listing,
    });
    const out = await crawlSource(source, { http, now });
    expect(out.layer).toBe('listing');
    expect(out.candidates.map((c) => c.url)).toEqual(['https://a.example/news/901']);
    expect(out.attempts[1]?.error).toMatch(/no items/);
    expect(out.attempts[2]?.dropped).toEqual([{ url: 'https://a.example/about', reason: 'link-pattern' }]);
  });

  it('switches to the next layer when the feed goes stale, and back when it moves again', async () => {
    const layerState = createMemoryLayerStateStore();
    let t = new Date('2025-08-24T00:00:00Z');
    const clock = () => t;
    const routes: Record<string, string> = { '/rss': rss([1]), '/news.xml': sitemap };
    const http = fakeHttp(routes);
    expect((await crawlSource(source, { http, layerState, now: clock })).layer).toBe('feed');
    t = new Date('2025-08-24T00:30:00Z');
    expect((await crawlSource(source, { http, layerState, now: clock })).layer).toBe('feed');
    t = new Date('2025-08-24T02:00:00Z'); // same single item for 2 h > staleAfter 1 h
    const stale = await crawlSource(source, { http, layerState, now: clock });
    expect(stale.layer).toBe('sitemap');
    expect(stale.attempts[0]).toMatchObject({ layer: 'feed', ok: true, stale: true });
    routes['/rss'] = rss([1, 3]);
    t = new Date('2025-08-24T02:10:00Z');
    expect((await crawlSource(source, { http, layerState, now: clock })).layer).toBe('feed');
  });

  it('keeps a stale layer when nothing below it works', async () => {
    const layerState = createMemoryLayerStateStore();
    const http = fakeHttp({ '/rss': rss([1]) });
    await crawlSource(source, { http, layerState, now: () => new Date('2025-08-24T00:00:00Z') });
    const out = await crawlSource(source, { http, layerState, now: () => new Date('2025-08-24T05:00:00Z') });
    expect(out.layer).toBe('feed');
    expect(out.candidates).toHaveLength(1);
    expect(out.attempts.map((a) => a.ok)).toEqual([true, false, false]);
  });

  it('returns not-modified on a 304 without trying other layers', async () => {
    const http = fakeHttp({ '/rss': 'not-modified' });
    const out = await crawlSource(source, { http, now });
    expect(out).toMatchObject({ layer: 'feed', notModified: true, candidates: [] });
    expect(http.calls).toHaveLength(1);
  });

  it('reports every failure when all layers fail, without throwing', async () => {
    const out = await crawlSource(source, { http: fakeHttp({}), now });
    expect(out.layer).toBeNull();
    expect(out.attempts.every((a) => !a.ok && /404/.test(a.error ?? ''))).toBe(true);
  });

  it('drops future-dated items (beyond clock skew) and foreign hosts, with reasons', async () => {
    const feed = `<rss version="2.0"><channel><title>t</title><link>https://a.example</link><description>d</description>
      <item><title>future</title><link>https://a.example/news/7</link><pubDate>Mon, 25 Aug 2025 10:00:00 +0000</pubDate></item>
      <item><title>skew</title><link>https://a.example/news/8</link><pubDate>Sun, 24 Aug 2025 00:03:00 +0000</pubDate></item>
      <item><title>elsewhere</title><link>https://evil.example/news/9</link></item></channel></rss>`;
    const out = await crawlSource(source, { http: fakeHttp({ '/rss': feed }), now });
    expect(out.candidates.map((c) => c.title)).toEqual(['skew']);
    expect(out.attempts[0]?.dropped?.map((d) => d.reason)).toEqual(['future-date', 'host-not-allowed']);
  });

  it('reads the newest children of a sitemap index, tolerating a broken one', async () => {
    const index = `<sitemapindex><sitemap><loc>https://a.example/s-old.xml</loc><lastmod>2025-08-01</lastmod></sitemap>
      <sitemap><loc>https://a.example/s-new.xml</loc><lastmod>2025-08-23</lastmod></sitemap>
      <sitemap><loc>https://a.example/s-oldest.xml</loc><lastmod>2025-07-01</lastmod></sitemap></sitemapindex>`;
    const sitemapOnly: Source = {
      ...source,
      fetch: [{ type: 'sitemap', url: 'https://a.example/index.xml' }],
    };
    const http = fakeHttp({ '/index.xml': index, '/s-new.xml': sitemap });
    const out = await crawlSource(sitemapOnly, { http, now });
    expect(out.layer).toBe('sitemap');
    expect(out.candidates.map((c) => c.url)).toEqual(['https://a.example/news/900']);
    expect(http.calls).toEqual([
      'https://a.example/index.xml',
      'https://a.example/s-new.xml',
      'https://a.example/s-old.xml',
    ]);
  });

  it('fails a browser layer cleanly when no renderer is configured', async () => {
    const browserSource: Source = {
      ...source,
      fetch: [{ type: 'browser', url: 'https://a.example/latest', selectors: { item: 'li' } }],
    };
    const out = await crawlSource(browserSource, { http: fakeHttp({}), now });
    expect(out.layer).toBeNull();
    expect(out.attempts[0]?.error).toMatch(/no browser renderer/);
  });
});
