import { describe, expect, it } from 'vitest';
import { FormatParseError } from '../../../../src/fetch/formats/candidate-fields.js';
import { expandDoctypeEntities } from '../../../../src/fetch/formats/feed-entities.js';
import { parseFeedDocument } from '../../../../src/fetch/formats/parse-feed.js';

const BASE = 'https://news.example/feed.xml';
const item = (title: string, link: string, extra = ''): string =>
  `<item><title>${title}</title><link>${link}</link>${extra}</item>`;
const rss = (body: string): string =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${body}</channel></rss>`;
const read = (text: string) => parseFeedDocument(text, BASE, 'src');

describe('tolerant feed recovery', () => {
  // The last field: whether the strict parser refuses it (feedsmith already tolerates some unclosed elements).
  const classes: Array<[string, string, string[], boolean]> = [
    [
      'truncated final close tag (Arabic)',
      rss(
        item('انسحاب القوات من قاعدة عين الأسد', 'https://news.example/a/1') + item('بيان التحالف', '/a/2'),
      ).replace(/<\/rss>$/, '</rss'),
      ['https://news.example/a/1', 'https://news.example/a/2'],
      true,
    ],
    [
      'truncated mid-channel (English)',
      rss(item('Coalition drawdown begins', '/e/1') + item('Troops leave Baghdad', '/e/2')).replace(
        /<\/channel><\/rss>$/,
        '</chan',
      ),
      ['https://news.example/e/1', 'https://news.example/e/2'],
      true,
    ],
    [
      'one unclosed element inside an item',
      rss(
        item('Base handover', '/u/1', '<description>the <b>first phase</description>') +
          item('تسليم القاعدة', '/u/2'),
      ),
      ['https://news.example/u/1', 'https://news.example/u/2'],
      false,
    ],
    [
      'unclosed item before the next',
      rss(`<item><title>Pullout</title><link>/x/1</link>` + item('الانسحاب', '/x/2')),
      ['https://news.example/x/1'],
      false,
    ],
    [
      'RSS without <channel>',
      `<rss version="2.0">${item('خبر أول', '/n/1')}${item('Second story', '/n/2')}</rss>`,
      ['https://news.example/n/1', 'https://news.example/n/2'],
      true,
    ],
    [
      'namespace-prefixed RSS elements',
      `<rss:rss xmlns:rss="http://purl.org/rss/1.0/"><rss:channel><rss:item><rss:title>قوات التحالف</rss:title><rss:link>/p/1</rss:link></rss:item><rss:item><rss:title>US forces</rss:title><rss:link>https://news.example/p/2</rss:link></rss:item></rss:channel></rss:rss>`,
      ['https://news.example/p/1', 'https://news.example/p/2'],
      true,
    ],
    [
      'an item nested thousands of wrappers deep',
      `<rss version="2.0"><channel>${'<div>'.repeat(4000)}${item('Deep story', '/d/1')}${'</div>'.repeat(4000)}</chan`,
      ['https://news.example/d/1'],
      true,
    ],
  ];
  it.each(classes)('%s: entries recovered, repair recorded when needed', (_name, text, urls, strictFails) => {
    const result = read(text);
    expect(result.candidates.map((c) => c.url)).toEqual(urls);
    if (strictFails) expect(result.repaired).toEqual(expect.any(String));
    else expect(result.repaired).toBeUndefined();
  });

  it('keeps summary text and dates of recovered entries', () => {
    const text = rss(
      item(
        'Drawdown',
        '/s/1',
        '<description><![CDATA[<p>قال المتحدث</p><p>إن القوات</p>]]></description><pubDate>Tue, 10 Jun 2025 14:00:00 +0300</pubDate>',
      ),
    ).slice(0, -3);
    const [c] = read(text).candidates;
    expect(c?.summary).toBe('قال المتحدث إن القوات');
    expect(c?.publishedAt).toBe('2025-06-10T11:00:00Z');
  });

  it('a well-formed feed is not marked repaired', () => {
    expect(read(rss(item('Fine', '/f/1'))).repaired).toBeUndefined();
  });

  it('text with no entries still fails, so the crawl falls down its chain', () => {
    expect(() => read('<html><body><p>Not a feed</p></body></html>')).toThrow(FormatParseError);
    expect(() => read('<rss version="2.0"><channel><title>x</title></chan')).toThrow(FormatParseError);
  });
});

describe('DOCTYPE entities', () => {
  it('expands internal entities, Arabic and English, including nested ones', () => {
    const text = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY mod "وزارة الدفاع"><!ENTITY dod 'Department of &def;'><!ENTITY def "Defense">]>${rss(item('بيان &mod; اليوم', '/e/1') + item('&dod; statement', '/e/2'))}`;
    const result = read(text);
    expect(result.candidates.map((c) => c.title)).toEqual([
      'بيان وزارة الدفاع اليوم',
      'Department of Defense statement',
    ]);
    expect(result.repaired).toBeUndefined();
  });

  it('never resolves SYSTEM or PUBLIC entities', () => {
    const text = `<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y PUBLIC "-//X//EN" "http://127.0.0.1/y">]>${rss(item('A &x;&y;B', '/x/1'))}`;
    const [c] = read(text).candidates;
    expect(c?.title).toBe('A B');
    expect(expandDoctypeEntities(text)).not.toContain('root:');
  });

  it('an entity bomb is refused quickly instead of expanding', () => {
    let decls = '<!ENTITY l0 "lol">';
    for (let i = 1; i <= 9; i++) decls += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
    const text = `<!DOCTYPE rss [${decls}]>${rss(item('&l9;', '/b/1'))}`;
    const started = Date.now();
    expect(() => read(text)).toThrow(/expansion exceeds/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a recursive entity is left unexpanded, no hang', () => {
    const text = `<!DOCTYPE rss [<!ENTITY a "x&b;"><!ENTITY b "y&a;">]>${rss(item('T &a;', '/r/1'))}`;
    expect(read(text).candidates[0]?.title).toMatch(/^T xy/);
  });
});
