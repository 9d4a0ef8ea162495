/**
 * Source regexes run on URLs the outlet controls. They are compiled with RE2 at load (a pattern RE2 cannot run in
 * linear time is refused, naming the file and the field), and run on a bounded subject, so a backtracking pattern
 * cannot block the process.
 */
import { describe, expect, it } from 'vitest';
import { parseSourceFile } from '../../../src/config/sources.js';
import { filterCandidates } from '../../../src/fetch/crawl/filter-candidates.js';

const yaml = (article: string) => `name: t
language: ar
fetch:
  - type: feed
    url: https://www.example.com/rss
article:
${article}
`;

describe('source patterns checked at load', () => {
  it.each([
    ['negative lookahead', 'linkPattern', '^/ar/(?!tags/)[^/]+$'],
    ['positive lookahead', 'linkPattern', '^/(?=news)[a-z]+/\\d+$'],
    ['lookbehind', 'linkExclude', '(?<=/ar/)tags'],
    ['backreference', 'linkPattern', '^/(\\w+)/\\1$'],
    ['unclosed class', 'linkExclude', '^/[a-z'],
    ['possessive quantifier', 'linkPattern', '^/a++$'],
  ])('refuses a %s in article.%s with the file and field named', (_kind, field, pattern) => {
    const load = () => parseSourceFile('selectors/outlet.yaml', yaml(`  ${field}: '${pattern}'`));
    expect(load).toThrow(/selectors\/outlet\.yaml/);
    expect(load).toThrow(new RegExp(`article\\.${field}: must be a regular expression RE2 accepts`));
  });

  it('refuses a pattern longer than 1,000 characters', () => {
    expect(() =>
      parseSourceFile('selectors/outlet.yaml', yaml(`  linkPattern: '^/${'a'.repeat(1200)}$'`)),
    ).toThrow(/article\.linkPattern: must be at most 1000 characters/);
  });

  it.each([
    ['^/ar/[^/]+/[^/]+$', '^/ar/(?:tags|bbc-arabic)/'],
    ['^/news/\\d{4}/\\d{2}/[^/]+$', undefined],
    ['^/(?:[a-z-]+/){1,3}\\d{4}/\\d{1,2}/\\d{1,2}/[^/]+$', '^/lite/'],
  ])('accepts the RE2 pattern %s', (pattern, exclude) => {
    const article = `  linkPattern: '${pattern}'${exclude ? `\n  linkExclude: '${exclude}'` : ''}`;
    const source = parseSourceFile('selectors/outlet.yaml', yaml(article));
    expect(source.article.linkPattern).toBe(pattern);
    expect(source.article.linkExclude).toBe(exclude);
  });
});

describe('source patterns on hostile URLs', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  const run = (linkPattern: string, urls: string[], linkExclude?: string) =>
    filterCandidates(
      urls.map((url) => ({ sourceId: 's', url, title: 't' })),
      { allowedHosts: ['example.com'], article: { fetch: true, linkPattern, linkExclude } },
      'https://example.com/rss',
      now,
    );

  // Each of these takes seconds (and doubles per character) with a backtracking engine on the URLs below.
  it.each([
    ['(a+)+$', (n: number) => `/${'a'.repeat(n)}/`],
    ['^/(\\w+\\s?)*$', (n: number) => `/${'word'.repeat(n / 4)}/`],
    ['^/(x+x+)+y$', (n: number) => `/${'x'.repeat(n)}`],
    ['^/(خبر|خ|بر)+$', (n: number) => `/${'خبر'.repeat(n / 3)}!`],
  ])('runs %s in linear time on URLs built to backtrack', (pattern, path) => {
    const urls = [27, 28, 29, 30].map((n) => `https://example.com${path(n)}`);
    const started = performance.now();
    const { kept, dropped } = run(pattern, urls);
    const elapsed = performance.now() - started;
    expect(kept.length + dropped.length).toBe(urls.length);
    expect(elapsed).toBeLessThan(1000);
  });

  it('drops links over 2,048 characters before any pattern runs, keeps the others', () => {
    const long = `https://example.com/news/${'a'.repeat(3000)}`;
    const { kept, dropped } = run('^/news/', [
      long,
      'https://example.com/news/1',
      'https://example.com/news/x',
    ]);
    expect(kept.map((k) => k.url)).toEqual(['https://example.com/news/1', 'https://example.com/news/x']);
    expect(dropped).toHaveLength(1);
    expect(dropped[0]?.reason).toBe('link-too-long');
  });

  it('applies linkExclude after linkPattern, on the decoded path (Arabic and English)', () => {
    const { kept, dropped } = run(
      '^/(?:ar|en)/[^/]+/[^/]+$',
      [
        'https://example.com/ar/%D8%A3%D9%85%D9%86/1',
        'https://example.com/ar/tags/%D8%A7%D9%84%D8%B9%D8%B1%D8%A7%D9%82',
        'https://example.com/en/politics/2',
        'https://example.com/en/tags/iraq',
      ],
      '^/(?:ar|en)/tags/',
    );
    expect(kept.map((k) => k.url)).toEqual([
      'https://example.com/ar/%D8%A3%D9%85%D9%86/1',
      'https://example.com/en/politics/2',
    ]);
    expect(dropped.map((d) => d.reason)).toEqual(['link-pattern', 'link-pattern']);
  });
});
