import { describe, expect, it } from 'vitest';
import { FormatParseError } from '../../../../src/fetch/formats/candidate-fields.js';
import { parseFeed } from '../../../../src/fetch/formats/parse-feed.js';

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>x</title><link>https://a.example</link><description>d</description>
<item><title>عنوان &amp; خبر</title><link>http://a.example/2025/10/01/x?utm_source=rss#top</link><guid>http://a.example/2025/10/01/x</guid>
<pubDate>Wed, 01 Oct 2025 17:00:42 +0200</pubDate><description><![CDATA[<p>ملخص <b>هنا</b></p>]]></description>
<media:content url="https://img.example/x.jpg" medium="image"/></item>
<item><title>relative</title><link>/rel/y</link><dc:date>2025-08-23T10:00:00</dc:date></item>
<item><title></title><link>https://a.example/no-title</link></item>
<item><title>no link</title></item>
<item><title>javascript</title><link>javascript:alert(1)</link></item>
</channel></rss>`;

describe('parseFeed', () => {
  it('reads RSS 2.0 items with summaries, images, dates and relative links', () => {
    const items = parseFeed(RSS, 'https://a.example/rss', 'src', {
      timezone: 'Asia/Baghdad',
      language: 'ar',
    });
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      sourceId: 'src',
      url: 'http://a.example/2025/10/01/x?utm_source=rss',
      title: 'عنوان & خبر',
      summary: 'ملخص هنا',
      publishedAt: '2025-10-01T15:00:42Z',
      imageUrl: 'https://img.example/x.jpg',
      language: 'ar',
    });
    expect(items[1]).toMatchObject({ url: 'https://a.example/rel/y', publishedAt: '2025-08-23T07:00:00Z' });
  });

  it('reads Atom (feedsmith 3 text constructs) with alternate links', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2025-01-01T00:00:00Z</updated>
      <entry><title type="html">A &lt;b&gt;bold&lt;/b&gt; title</title><link rel="self" href="https://a.example/self"/><link rel="alternate" href="https://a.example/e1"/>
      <id>urn:1</id><published>2025-08-23T10:00:00+03:00</published><updated>2025-08-24T00:00:00Z</updated><summary>s</summary></entry></feed>`;
    const [entry] = parseFeed(atom, 'https://a.example/', 's');
    expect(entry).toMatchObject({
      url: 'https://a.example/e1',
      title: 'A bold title',
      guid: 'urn:1',
      publishedAt: '2025-08-23T07:00:00Z',
    });
  });

  it('reads RDF (RSS 1.0) and JSON Feed', () => {
    const rdf = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="x"><title>t</title><link>https://a.example</link><description>d</description></channel>
      <item rdf:about="https://a.example/r1"><title>R1</title><link>https://a.example/r1</link><dc:date>2025-08-23T10:00:00+03:00</dc:date></item></rdf:RDF>`;
    expect(parseFeed(rdf, 'https://a.example/', 's')[0]).toMatchObject({
      url: 'https://a.example/r1',
      publishedAt: '2025-08-23T07:00:00Z',
    });
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 't',
      items: [{ id: '1', url: 'https://a.example/j', title: 'J', date_published: '2025-08-23T10:00:00Z' }],
    });
    expect(parseFeed(json, 'https://a.example/', 's')[0]).toMatchObject({
      url: 'https://a.example/j',
      guid: '1',
    });
  });

  it('throws FormatParseError on junk, HTML, truncated XML and empty input', () => {
    for (const junk of [
      '<html><body>Just a moment...</body></html>',
      'garbage',
      '<rss><channel><item><title>x',
      '',
      '\uFEFF  ',
    ]) {
      expect(() => parseFeed(junk, 'https://a.example/', 's')).toThrow(FormatParseError);
    }
  });

  it('cuts absurdly long titles', () => {
    const long = 'ب'.repeat(5000);
    const rss = RSS.replace('relative', long);
    const item = parseFeed(rss, 'https://a.example/', 's')[1]!;
    expect(item.title.length).toBeLessThanOrEqual(500);
  });
});
