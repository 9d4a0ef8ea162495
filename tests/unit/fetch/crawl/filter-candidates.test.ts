import { describe, expect, it } from 'vitest';
import { filterCandidates, tidyLink } from '../../../../src/fetch/crawl/filter-candidates.js';

describe('filterCandidates', () => {
  const source = {
    allowedHosts: ['shafaq.com'],
    article: { fetch: true, linkPattern: '^/ar/[^/]+/[^/]+$', linkExclude: '^/ar/tags/' },
  };
  const now = new Date('2025-08-24T00:00:00Z');
  const c = (url: string) => ({ sourceId: 's', url, title: 't' });

  it('matches the link pattern on the decoded path, keeping tatweel and subdomains', () => {
    const { kept, dropped } = filterCandidates(
      [
        c('https://shafaq.com/ar/%D8%A3%D9%85%D9%80%D9%86/x'),
        c('https://www.shafaq.com/ar/tags/x'),
        c('https://shafaq.com/ar/a/b?utm_source=x&id=2'),
      ],
      source,
      'https://shafaq.com/rss/ar',
      now,
    );
    expect(kept.map((k) => k.url)).toEqual([
      'https://shafaq.com/ar/%D8%A3%D9%85%D9%80%D9%86/x',
      'https://shafaq.com/ar/a/b?id=2',
    ]);
    expect(dropped).toEqual([{ url: 'https://www.shafaq.com/ar/tags/x', reason: 'link-pattern' }]);
  });

  it('upgrades http links from an https layer but not from a local http server', () => {
    expect(tidyLink('http://www.euronews.com/2025/10/01/x', 'https://www.euronews.com/rss')).toBe(
      'https://www.euronews.com/2025/10/01/x',
    );
    expect(tidyLink('http://127.0.0.1:8080/a', 'http://127.0.0.1:8080/rss')).toBe('http://127.0.0.1:8080/a');
  });

  it('drops duplicates after tidying', () => {
    const { kept, dropped } = filterCandidates(
      [c('https://shafaq.com/ar/a/b'), c('http://shafaq.com/ar/a/b?utm_medium=rss')],
      source,
      'https://shafaq.com/rss',
      now,
    );
    expect(kept).toHaveLength(1);
    expect(dropped[0]?.reason).toBe('duplicate');
  });
});
