/**
 * Bounded work per crawl: a feed or listing with far more entries than any real one hands on at most
 * `maxItemsPerCrawl` candidates (newest first, the cut logged and recorded as a problem of the crawl), and one entry
 * nested thousands of tags deep is left out alone instead of rejecting the whole feed.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { crawlSource, MAX_ITEMS_PER_CRAWL } from '../../../src/fetch/crawl-source.js';
import { parseFeedDocument } from '../../../src/fetch/formats/parse-feed.js';
import type { HttpClient } from '../../../src/fetch/http/http-types.js';

const source = (layer: string, extra = '') =>
  parseSourceFile(
    'selectors/big.yaml',
    `name: Big
language: ar
${extra}
fetch:
${layer}
`,
  );
const FEED = source('  - type: feed\n    url: https://big.example/rss');

function serve(body: string): HttpClient {
  return {
    fetchText: (url) =>
      Promise.resolve({
        kind: 'ok',
        url,
        finalUrl: url,
        status: 200,
        contentType: 'text/xml',
        text: body,
        bytes: body.length,
        charset: 'utf-8',
      }),
    close: () => Promise.resolve(),
  };
}

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, stream), lines };
}

const BASE = Date.parse('2026-01-01T00:00:00Z');
const NOW = new Date(BASE + 365 * 86_400_000);
/** Entry i is published i minutes after BASE; `order` lists the entries in document order. */
const rss = (order: number[], title = (i: number) => `خبر رقم ${i} عن انسحاب القوات`) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${order
    .map(
      (i) =>
        `<item><title>${title(i)}</title><link>https://big.example/news/${i}</link><pubDate>${new Date(BASE + i * 60_000).toUTCString()}</pubDate></item>`,
    )
    .join('')}</channel></rss>`;
const atom = (order: number[]) =>
  `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2026-01-01T00:00:00Z</updated>${order
    .map(
      (i) =>
        `<entry><title>US troops leave base ${i}</title><id>https://big.example/a/${i}</id><link href="https://big.example/a/${i}"/><updated>${new Date(BASE + i * 60_000).toISOString()}</updated></entry>`,
    )
    .join('')}</feed>`;

const shuffled = (n: number) => {
  const a = Array.from({ length: n }, (_, i) => i);
  let seed = 7;
  for (let i = n - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
};

describe('bounded crawl work', () => {
  it('a feed of 100,000 entries hands on the newest 500, logs the cut and records it', async () => {
    const { logger, lines } = capture();
    const n = 100_000;
    const out = await crawlSource(FEED, { http: serve(rss(shuffled(n))), now: () => NOW, logger });
    expect(out.candidates).toHaveLength(MAX_ITEMS_PER_CRAWL);
    const ids = out.candidates.map((c) => Number(c.url.split('/').pop()));
    expect(ids).toEqual(Array.from({ length: MAX_ITEMS_PER_CRAWL }, (_, k) => n - 1 - k));
    expect(out.attempts[0]).toMatchObject({ ok: true, count: MAX_ITEMS_PER_CRAWL, cutFrom: n });
    expect(out.problems?.join(' ')).toMatch(/100000 entries, only the newest 500 queued/);
    expect(lines.some((l) => String(l.msg).includes('maxItemsPerCrawl') && l.found === n)).toBe(true);
  }, 60_000);

  it.each([
    ['RSS, Arabic', rss, 'خبر', 120],
    ['Atom, English', atom, 'US troops', 35],
  ])(
    'a source limit of %s keeps the newest entries whatever the document order',
    async (_k, doc, word, limit) => {
      const src = source('  - type: feed\n    url: https://big.example/rss', `maxItemsPerCrawl: ${limit}`);
      const out = await crawlSource(src, { http: serve(doc(shuffled(3000))), now: () => NOW });
      expect(out.candidates).toHaveLength(limit);
      const ids = out.candidates.map((c) => Number(c.url.split('/').pop()));
      expect(ids).toEqual(Array.from({ length: limit }, (_, k) => 2999 - k));
      expect(out.candidates.every((c) => c.title.includes(word))).toBe(true);
      expect(out.problems).toHaveLength(1);
    },
  );

  it('MAX_ITEMS_PER_CRAWL sets the deployment limit (1 to 10,000); a source limit wins over it', async () => {
    expect(loadEnv({}).MAX_ITEMS_PER_CRAWL).toBe(500);
    expect(loadEnv({ MAX_ITEMS_PER_CRAWL: '40' }).MAX_ITEMS_PER_CRAWL).toBe(40);
    expect(() => loadEnv({ MAX_ITEMS_PER_CRAWL: '0' })).toThrow(/MAX_ITEMS_PER_CRAWL/);
    expect(() => loadEnv({ MAX_ITEMS_PER_CRAWL: '1000000' })).toThrow(/MAX_ITEMS_PER_CRAWL/);
    const body = rss(shuffled(1000));
    const deployment = await crawlSource(FEED, { http: serve(body), now: () => NOW, maxItemsPerCrawl: 40 });
    expect(deployment.candidates).toHaveLength(40);
    const own = source('  - type: feed\n    url: https://big.example/rss', 'maxItemsPerCrawl: 7');
    const sourceWins = await crawlSource(own, { http: serve(body), now: () => NOW, maxItemsPerCrawl: 40 });
    expect(sourceWins.candidates.map((c) => c.url.split('/').pop())).toEqual([
      '999',
      '998',
      '997',
      '996',
      '995',
      '994',
      '993',
    ]);
  });

  it('runs the link pattern on a bounded number of entries when a feed has far more than the limit', async () => {
    const src = source(
      '  - type: feed\n    url: https://big.example/rss',
      "maxItemsPerCrawl: 50\narticle:\n  linkPattern: '^/article/'",
    );
    const out = await crawlSource(src, { http: serve(rss(shuffled(20_000))), now: () => NOW });
    expect(out.candidates).toEqual([]);
    const dropped = out.attempts[0]?.dropped ?? [];
    expect(dropped.length).toBe(200); // 4 × the limit, newest first
    expect(dropped.every((d) => d.reason === 'link-pattern')).toBe(true);
    expect(dropped[0]?.url).toBe('https://big.example/news/19999');
  });

  it('an undated listing keeps its first entries in document order', async () => {
    const links = Array.from({ length: 2000 }, (_, i) => `<li><a href="/n/${i}">Item ${i}</a></li>`).join('');
    const src = source(
      '  - type: listing\n    url: https://big.example/latest\n    selectors: { item: li, link: a, title: a }',
    );
    const out = await crawlSource(src, { http: serve(`<html><body><ul>${links}</ul></body></html>`) });
    expect(out.candidates.map((c) => c.url)).toEqual(
      Array.from({ length: MAX_ITEMS_PER_CRAWL }, (_, i) => `https://big.example/n/${i}`),
    );
  });

  it('a feed under the limit is unchanged and records no problem', async () => {
    const out = await crawlSource(FEED, { http: serve(rss([3, 1, 2])), now: () => NOW });
    expect(out.candidates.map((c) => c.url.split('/').pop())).toEqual(['3', '1', '2']);
    expect(out.problems).toBeUndefined();
  });
});

describe('one deeply nested entry', () => {
  const item = (i: number) =>
    `<item><title>Coalition leaves base ${i}</title><link>https://big.example/news/${i}</link></item>`;
  const wrap = (deep: string) =>
    `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${item(1)}${deep}${item(2)}</channel></rss>`;
  const deepItem = (inner: string) =>
    `<item><title>عميق</title><link>https://big.example/news/deep</link>${inner}</item>`;
  const nested = (open: string, close: string, n: number) => `${open.repeat(n)}x${close.repeat(n)}`;

  it.each([
    ['elements, 10,000 deep', deepItem(nested('<x:a xmlns:x="urn:x">', '</x:a>', 10_000))],
    ['elements, 100,000 deep', deepItem(nested('<a>', '</a>', 100_000))],
    [
      'unescaped HTML in the description',
      deepItem(`<description>${nested('<div>', '</div>', 50_000)}</description>`),
    ],
    [
      'HTML in CDATA',
      deepItem(`<description><![CDATA[${nested('<div>', '</div>', 100_000)}]]></description>`),
    ],
    ['escaped HTML', deepItem(`<description>${nested('&lt;b&gt;', '&lt;/b&gt;', 60_000)}</description>`)],
  ])('drops only that entry: %s', (_kind, deep) => {
    const result = parseFeedDocument(wrap(deep), 'https://big.example/rss', 'big');
    expect(result.candidates.map((c) => c.url)).toEqual([
      'https://big.example/news/1',
      'https://big.example/news/2',
    ]);
    expect(result.droppedEntries).toBe(1);
  });

  it('drops a deep Atom entry and keeps the others', () => {
    const entry = (i: number, inner = '') =>
      `<entry><title>e${i}</title><id>https://big.example/a/${i}</id><link href="https://big.example/a/${i}"/>${inner}</entry>`;
    const doc = `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>${entry(1)}${entry(2, nested('<q>', '</q>', 20_000))}${entry(3)}</feed>`;
    const result = parseFeedDocument(doc, 'https://big.example/atom', 'big');
    expect(result.candidates.map((c) => c.url)).toEqual([
      'https://big.example/a/1',
      'https://big.example/a/3',
    ]);
  });

  it('keeps ordinary nesting, markup in comments and CDATA, and records the drop on the crawl', async () => {
    const normal = `<item><title>t</title><link>https://big.example/news/n</link><description><![CDATA[${'<i>'.repeat(500)}]]></description><!-- ${'<a>'.repeat(500)} --></item>`;
    const ok = parseFeedDocument(wrap(normal), 'https://big.example/rss', 'big');
    expect(ok.candidates).toHaveLength(3);
    expect(ok.droppedEntries).toBeUndefined();
    const out = await crawlSource(FEED, { http: serve(wrap(deepItem(nested('<a>', '</a>', 5000)))) });
    expect(out.candidates).toHaveLength(2);
    expect(out.problems?.join(' ')).toMatch(/1 entries left out/);
  });
});
