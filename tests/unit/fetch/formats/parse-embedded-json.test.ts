import { describe, expect, it } from 'vitest';
import { FormatParseError } from '../../../../src/fetch/formats/candidate-fields.js';
import { parseEmbeddedJson } from '../../../../src/fetch/formats/parse-embedded-json.js';

const base = 'https://a.example/';

describe('parseEmbeddedJson', () => {
  it('reads JSON-LD NewsArticle and ItemList entries, ignoring WebSite and breadcrumbs', () => {
    const html = `<script type="application/ld+json">{"@type":"WebSite","name":"Site","url":"https://a.example/"}</script>
      <script type="application/ld+json">[{"@type":"NewsArticle","headline":"خبر","mainEntityOfPage":{"@id":"https://a.example/n/1"},"datePublished":"2025-08-23T10:00:00+03:00","image":{"url":"/i.jpg"}},
      {"@type":"ItemList","itemListElement":[{"@type":"ListItem","position":1,"item":{"@type":"Article","name":"ثان","url":"/n/2"}}]},
      {"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","name":"Home","item":"https://a.example/"}]}]</script>`;
    const items = parseEmbeddedJson(html, { format: 'jsonld' }, base, 's');
    expect(items.map((i) => [i.url, i.title])).toEqual([
      ['https://a.example/n/1', 'خبر'],
      ['https://a.example/n/2', 'ثان'],
    ]);
    expect(items[0]).toMatchObject({
      publishedAt: '2025-08-23T07:00:00Z',
      imageUrl: 'https://a.example/i.jpg',
    });
  });

  it('walks a __NEXT_DATA__ blob and a named script (Al-Mayadeen style)', () => {
    const next = `<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"latest":[{"title":"أ","url":"/a","publishedAt":"2025-10-01T12:00:00"},{"title":"no link"}]}}}</script>`;
    expect(parseEmbeddedJson(next, { format: 'next-data' }, base, 's', { timezone: 'Asia/Beirut' })).toEqual([
      expect.objectContaining({ url: 'https://a.example/a', publishedAt: '2025-10-01T09:00:00Z' }),
    ]);
    const tawsiyat = `<script type="text/tawsiyat">{"postid":"123","title":"ت","url":"https://a.example/news/x","published_time":"2025-10-01 12:00:00 +03:00"}</script>`;
    expect(
      parseEmbeddedJson(
        tawsiyat,
        { format: 'script', scriptSelector: 'script[type="text/tawsiyat"]' },
        base,
        's',
      )[0],
    ).toMatchObject({ guid: '123', publishedAt: '2025-10-01T09:00:00Z' });
  });

  it('skips invalid blocks, and throws when nothing parses or nothing matches', () => {
    const html = `<script type="application/ld+json">{oops</script><script type="application/ld+json">{"@type":"Article","headline":"h","url":"/ok"}</script>`;
    expect(parseEmbeddedJson(html, { format: 'jsonld' }, base, 's')).toHaveLength(1);
    expect(() =>
      parseEmbeddedJson('<script type="application/ld+json">{oops</script>', { format: 'jsonld' }, base, 's'),
    ).toThrow(FormatParseError);
    expect(() => parseEmbeddedJson('<p>no scripts</p>', { format: 'next-data' }, base, 's')).toThrow(
      FormatParseError,
    );
    expect(() => parseEmbeddedJson('<p></p>', { format: 'script' }, base, 's')).toThrow(FormatParseError);
  });

  it('survives deeply nested hostile JSON', () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const html = `<script type="application/ld+json">${deep}</script>`;
    expect(parseEmbeddedJson(html, { format: 'jsonld' }, base, 's')).toEqual([]);
  });
});
