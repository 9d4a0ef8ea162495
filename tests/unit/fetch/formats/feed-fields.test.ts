import { describe, expect, it } from 'vitest';
import { parseFeedDocument } from '../../../../src/fetch/formats/parse-feed.js';

const FEED_URL = 'https://feeds.example/rss/main.xml';
const read = (text: string) => parseFeedDocument(text, FEED_URL, 'src').candidates;
const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const atom = (attrs: string, body: string): string =>
  `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"${attrs}><title>t</title><id>urn:f</id><updated>2025-01-01T00:00:00Z</updated>${body}</feed>`;
const rss = (channelAttrs: string, body: string, ns = ''): string =>
  `<?xml version="1.0"?><rss version="2.0"${ns}><channel${channelAttrs}><title>t</title><link>https://site.example/</link>${body}</channel></rss>`;
const NS =
  ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xhtml="http://www.w3.org/1999/xhtml"';

describe('xml:base on entry links and ids', () => {
  const cases: Array<[string, string, string[]]> = [
    [
      'feed-level absolute base (Atom)',
      atom(
        ' xml:base="https://news.example/ar/"',
        `<entry><title>انسحاب القوات</title><id>tag:x,2025:1</id><link href="2025/06/withdrawal.html"/><updated>2025-06-10T10:00:00Z</updated></entry>`,
      ),
      ['https://news.example/ar/2025/06/withdrawal.html'],
    ],
    [
      'entry-level base relative to the feed base',
      atom(
        ' xml:base="https://news.example/en/"',
        `<entry xml:base="world/"><title>Coalition drawdown</title><id>tag:x,2025:2</id><link href="iraq.html"/><updated>2025-06-10T10:00:00Z</updated></entry>` +
          `<entry xml:base="/other/"><title>Second</title><id>tag:x,2025:3</id><link href="b.html"/><updated>2025-06-10T10:00:00Z</updated></entry>`,
      ),
      ['https://news.example/en/world/iraq.html', 'https://news.example/other/b.html'],
    ],
    [
      'element-level base on the link, nested three deep',
      atom(
        ' xml:base="https://news.example/a/"',
        `<entry xml:base="b/"><title>قاعدة عين الأسد</title><id>tag:x,2025:4</id><link xml:base="c/" href="d.html"/><updated>2025-06-10T10:00:00Z</updated></entry>`,
      ),
      ['https://news.example/a/b/c/d.html'],
    ],
    [
      'relative feed base resolves against the feed URL',
      atom(
        ' xml:base="../archive/"',
        `<entry><title>Troops leave</title><id>tag:x,2025:5</id><link href="x.html"/><updated>2025-06-10T10:00:00Z</updated></entry>`,
      ),
      ['https://feeds.example/archive/x.html'],
    ],
    [
      'RSS channel and item bases',
      rss(
        ' xml:base="https://site.example/news/"',
        `<item xml:base="iraq/"><title>بيان التحالف</title><link>statement-1.html</link></item><item><title>US forces</title><link>/abs/2.html</link></item>`,
      ),
      ['https://site.example/news/iraq/statement-1.html', 'https://site.example/abs/2.html'],
    ],
    [
      'RSS link element with its own base',
      rss(
        '',
        `<item><title>الانسحاب</title><link xml:base="https://cdn.example/story/">7.html</link></item>`,
      ),
      ['https://cdn.example/story/7.html'],
    ],
  ];
  it.each(cases)('%s', (_name, text, urls) => {
    expect(read(text).map((c) => c.url)).toEqual(urls);
  });

  it('relative ids resolve through the base and serve as the link when there is none', () => {
    const text = atom(
      ' xml:base="https://news.example/posts/"',
      `<entry><title>خبر بلا رابط</title><id>2025/42</id><updated>2025-06-10T10:00:00Z</updated></entry>` +
        `<entry xml:base="en/"><title>No link either</title><id xml:base="ids/">43</id><updated>2025-06-10T10:00:00Z</updated></entry>`,
    );
    const out = read(text);
    expect(out.map((c) => c.guid)).toEqual([
      'https://news.example/posts/2025/42',
      'https://news.example/posts/en/ids/43',
    ]);
    expect(out.map((c) => c.url)).toEqual(out.map((c) => c.guid));
  });

  it('a non-permalink RSS guid and a tag: id are left as they are', () => {
    const text = rss(
      ' xml:base="https://site.example/"',
      `<item><title>a</title><link>a.html</link><guid isPermaLink="false">12345</guid></item>`,
    );
    expect(read(text)[0]?.guid).toBe('12345');
    const a = atom(
      ' xml:base="https://news.example/"',
      `<entry><title>b</title><id>tag:news.example,2025:9</id><link href="b"/><updated>2025-06-10T10:00:00Z</updated></entry>`,
    );
    expect(read(a)[0]?.guid).toBe('tag:news.example,2025:9');
  });
});

describe('base64 content', () => {
  it.each([
    [
      'Atom 0.3 mode="base64", Arabic HTML',
      '<p>قال المتحدث</p><p>إن القوات ستنسحب</p>',
      'قال المتحدث إن القوات ستنسحب',
    ],
    [
      'Atom 0.3 mode="base64", English HTML',
      '<p>The drawdown <b>begins</b> today.</p>',
      'The drawdown begins today.',
    ],
  ])('%s is decoded', (_name, html, expected) => {
    const text = `<?xml version="1.0"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>t</title><entry><title>x</title><link rel="alternate" type="text/html" href="https://news.example/1"/><issued>2004-01-26T16:31:00Z</issued><content type="text/html" mode="base64">${b64(html)}</content></entry></feed>`;
    expect(read(text)[0]?.summary).toBe(expected);
  });

  it('encoding="base64" on an RSS description is decoded, wrapped lines included', () => {
    const encoded = b64('<p>انسحاب القوات الأمريكية من العراق</p>').replace(/(.{20})/g, '$1\n');
    const text = rss(
      '',
      `<item><title>x</title><link>https://news.example/2</link><description encoding="base64">${encoded}</description></item>`,
    );
    expect(read(text)[0]?.summary).toBe('انسحاب القوات الأمريكية من العراق');
  });

  it('base64 that is not text is dropped, never shown encoded', () => {
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString(
      'base64',
    );
    const text = atom(
      '',
      `<entry><title>x</title><id>urn:1</id><link href="https://news.example/3"/><updated>2025-01-01T00:00:00Z</updated><content type="text/html" mode="base64">${binary}</content></entry>`,
    );
    expect(read(text)[0]?.summary).toBeUndefined();
  });
});

describe('RSS body, dc:description and dcterms dates', () => {
  it.each([
    [
      'xhtml:body (Arabic)',
      '<xhtml:body><xhtml:p>قال المتحدث</xhtml:p><xhtml:p>إن القوات</xhtml:p></xhtml:body>',
      'قال المتحدث إن القوات',
    ],
    [
      'body with an XHTML namespace (English)',
      '<body xmlns="http://www.w3.org/1999/xhtml"><p>Troops</p><p>leave</p></body>',
      'Troops leave',
    ],
    ['dc:description (Arabic)', '<dc:description>بيان وزارة الدفاع</dc:description>', 'بيان وزارة الدفاع'],
    ['dc:description (English)', '<dc:description>Pentagon statement</dc:description>', 'Pentagon statement'],
  ])('%s becomes the summary', (_name, field, expected) => {
    const text = rss('', `<item><title>x</title><link>https://news.example/b</link>${field}</item>`, NS);
    expect(read(text)[0]?.summary).toBe(expected);
  });

  it('dcterms:issued is the publication date; dcterms:modified is the fallback', () => {
    const text = rss(
      '',
      `<item><title>a</title><link>https://n.example/1</link><dcterms:issued>2025-06-10T08:00:00+03:00</dcterms:issued><dcterms:modified>2025-06-12T08:00:00Z</dcterms:modified></item>` +
        `<item><title>b</title><link>https://n.example/2</link><dcterms:modified>2025-06-11T09:30:00Z</dcterms:modified></item>`,
      NS,
    );
    expect(read(text).map((c) => c.publishedAt)).toEqual(['2025-06-10T05:00:00Z', '2025-06-11T09:30:00Z']);
  });
});

describe('several update dates: the latest wins', () => {
  it.each([
    [
      'two <updated>, later one second',
      '<updated>2025-06-01T10:00:00Z</updated><updated>2025-06-03T10:00:00Z</updated>',
      '2025-06-03T10:00:00Z',
    ],
    [
      'two <updated>, later one first',
      '<updated>2025-06-03T10:00:00Z</updated><updated>2025-06-01T10:00:00Z</updated>',
      '2025-06-03T10:00:00Z',
    ],
    [
      'updated and dcterms:modified',
      '<updated>2025-06-01T10:00:00Z</updated><dcterms:modified xmlns:dcterms="http://purl.org/dc/terms/">2025-06-02T12:00:00+03:00</dcterms:modified>',
      '2025-06-02T09:00:00Z',
    ],
  ])('%s', (_name, dates, expected) => {
    const text = atom(
      '',
      `<entry><title>انسحاب</title><id>urn:u</id><link href="https://n.example/u"/>${dates}</entry>`,
    );
    expect(read(text)[0]?.publishedAt).toBe(expected);
  });

  it('two dcterms:modified on an RSS item: the latest', () => {
    const text = rss(
      '',
      `<item><title>Drawdown</title><link>https://n.example/m</link><dcterms:modified>2025-05-30T00:00:00Z</dcterms:modified><dcterms:modified>2025-06-04T00:00:00Z</dcterms:modified></item>`,
      NS,
    );
    expect(read(text)[0]?.publishedAt).toBe('2025-06-04T00:00:00Z');
  });

  it('a stated publication date still beats any update date', () => {
    const text = atom(
      '',
      `<entry><title>x</title><id>urn:p</id><link href="https://n.example/p"/><published>2025-05-01T00:00:00Z</published><updated>2025-06-01T00:00:00Z</updated><updated>2025-06-09T00:00:00Z</updated></entry>`,
    );
    expect(read(text)[0]?.publishedAt).toBe('2025-05-01T00:00:00Z');
  });
});
