/**
 * The entry bound applied to feed text before parsing: more top-level entries than the bound keeps the newest ones
 * (by their own dates, undated after dated in document order), in document order, with everything outside the
 * entries unchanged; markup inside comments and CDATA is not counted as an entry.
 */
import { describe, expect, it } from 'vitest';
import { entrySpans, keepNewestEntries } from '../../../../src/fetch/formats/bound-entries.js';
import { parseFeedDocument } from '../../../../src/fetch/formats/parse-feed.js';

const BASE = Date.parse('2026-03-01T00:00:00Z');
const at = (i: number) => new Date(BASE + i * 3_600_000);

type Shape = (order: number[], dated?: (i: number) => boolean) => string;
const rss: Shape = (order, dated = () => true) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>قناة</title>${order
    .map(
      (i) =>
        `<item><title>انسحاب القوات ${i}</title><link>https://x.example/ar/${i}</link>${dated(i) ? `<pubDate>${at(i).toUTCString()}</pubDate>` : ''}</item>`,
    )
    .join('\n')}<copyright>c</copyright></channel></rss>`;
const atom: Shape = (order, dated = () => true) =>
  `<feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>${order
    .map(
      (i) =>
        `<entry><title>Troops leave ${i}</title><link href="https://x.example/en/${i}"/><id>urn:${i}</id>${dated(i) ? `<updated>${at(i).toISOString()}</updated>` : ''}</entry>`,
    )
    .join('')}</feed>`;
const rdf: Shape = (order, dated = () => true) =>
  `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="c"><title>R</title></channel>${order
    .map(
      (i) =>
        `<item rdf:about="https://x.example/rdf/${i}"><title>خبر ${i}</title><link>https://x.example/rdf/${i}</link>${dated(i) ? `<dc:date>${at(i).toISOString()}</dc:date>` : ''}</item>`,
    )
    .join('')}</rdf:RDF>`;

const ids = (xml: string) => [...xml.matchAll(/x\.example\/\w+\/(\d+)/g)].map((m) => Number(m[1]));
const unique = (xs: number[]) => [...new Set(xs)];

describe('keepNewestEntries', () => {
  it.each([
    ['RSS (Arabic)', rss],
    ['Atom (English)', atom],
    ['RDF (Arabic, dc:date)', rdf],
  ])('%s: the newest entries stay, in document order, whatever the order of the feed', (_k, shape) => {
    for (const order of [
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
      [4, 9, 0, 7, 2, 8, 1, 6, 3, 5],
    ]) {
      const out = keepNewestEntries(shape(order), 3);
      expect(out.found).toBe(10);
      expect(unique(ids(out.text))).toEqual(order.filter((i) => i >= 7));
    }
  });

  it.each([
    ['RSS', rss],
    ['Atom', atom],
  ])('%s: undated entries come after dated ones, earliest in the document first', (_k, shape) => {
    const order = [5, 0, 3, 1, 4, 2];
    const out = keepNewestEntries(
      shape(order, (i) => i < 2),
      4,
    );
    // Dated: 0 and 1; then the first two undated entries in the document (5, 3).
    expect(unique(ids(out.text)).sort()).toEqual([0, 1, 3, 5]);
  });

  it('leaves a document with no more entries than the bound unchanged', () => {
    for (const doc of [rss([1, 2, 3]), atom([3, 1]), rdf([]), 'not xml at all']) {
      expect(keepNewestEntries(doc, 3)).toEqual({ text: doc });
    }
  });

  it('keeps everything outside the entries (channel fields before and after them)', () => {
    const out = keepNewestEntries(rss([0, 1, 2, 3]), 1);
    expect(out.text).toContain('<title>قناة</title>');
    expect(out.text).toContain('<copyright>c</copyright></channel></rss>');
    expect(out.text.startsWith('<?xml version="1.0"?><rss version="2.0"><channel>')).toBe(true);
  });

  it('does not count entry tags inside comments, CDATA or an entry nested in an entry', () => {
    const doc = `<rss><channel><!-- <item><title>c</title></item> --><item><title>a</title><description><![CDATA[<item>x</item><entry>y</entry>]]></description></item><item><title>b</title><item>inner</item></item></channel></rss>`;
    expect(entrySpans(doc)).toHaveLength(2);
    expect(keepNewestEntries(doc, 2)).toEqual({ text: doc });
  });

  it('handles entries with prefixes and attributes, and dates in CDATA', () => {
    const doc = `<rss xmlns:a="http://www.w3.org/2005/Atom"><channel>${[3, 1, 2]
      .map(
        (i) =>
          `<a:entry xml:lang="ar"><a:title>t${i}</a:title><a:link href="https://x.example/p/${i}"/><a:published><![CDATA[${at(i).toISOString()}]]></a:published></a:entry>`,
      )
      .join('')}</channel></rss>`;
    expect(unique(ids(keepNewestEntries(doc, 2).text))).toEqual([3, 2]);
  });
});

describe('parseFeedDocument with maxEntries', () => {
  it.each([
    ['RSS', rss, 'انسحاب'],
    ['Atom', atom, 'Troops'],
  ])('%s: parses only the newest entries and reports how many the feed had', (_k, shape, word) => {
    const order = Array.from({ length: 2000 }, (_, i) => (i * 7) % 2000);
    const r = parseFeedDocument(shape(order), 'https://x.example/feed', 's', { maxEntries: 50 });
    expect(r.entriesFound).toBe(2000);
    expect(r.candidates).toHaveLength(50);
    expect(r.candidates.every((c) => c.title.includes(word))).toBe(true);
    expect(r.candidates.map((c) => Number(c.url.split('/').pop())).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, k) => 1950 + k),
    );
  });

  it('reports nothing when the feed is within the bound', () => {
    const r = parseFeedDocument(rss([0, 1, 2]), 'https://x.example/feed', 's', { maxEntries: 50 });
    expect(r.entriesFound).toBeUndefined();
    expect(r.candidates).toHaveLength(3);
  });
});
