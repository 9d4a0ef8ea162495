import { describe, expect, it } from 'vitest';
import { shortLinkOf } from '../../../src/config/short-link.js';
import { sourceFileSchema } from '../../../src/config/source-schema.js';
import { loadSources } from '../../../src/config/sources.js';

const aawsat = {
  shortLink: { pattern: '^https://aawsat\\.com/.*/(\\d+)-[^/]*$', replace: 'https://aawsat.com/node/$1' },
};

describe('shortLinkOf', () => {
  it("rewrites a long slug URL to the outlet's short form", () => {
    const url = `https://aawsat.com/${encodeURIComponent('العالم-العربي')}/5190001-${encodeURIComponent('القوات-الأميركية-تبدأ-إخلاء-قاعدة-عين-الأسد')}`;
    expect(shortLinkOf(aawsat, url)).toBe('https://aawsat.com/node/5190001');
  });

  it('gives nothing without a rule, without a match, or when the result is not a shorter http(s) URL', () => {
    expect(shortLinkOf(undefined, 'https://aawsat.com/x/1-y')).toBeNull();
    expect(shortLinkOf({}, 'https://aawsat.com/x/1-y')).toBeNull();
    expect(shortLinkOf(aawsat, 'https://example.com/x/1-y')).toBeNull();
    expect(
      shortLinkOf({ shortLink: { pattern: '^(.*)$', replace: 'javascript:$1' } }, 'https://a.b/c'),
    ).toBeNull();
    expect(
      shortLinkOf({ shortLink: { pattern: '^(.*)$', replace: '$1/longer' } }, 'https://a.b/c'),
    ).toBeNull();
  });

  it('rejects an invalid pattern in a source file', () => {
    const base = { name: 'X', language: 'ar', fetch: [{ type: 'feed', url: 'https://x.example/feed' }] };
    expect(sourceFileSchema.safeParse({ ...base, shortLink: { pattern: '(', replace: 'x' } }).success).toBe(
      false,
    );
  });

  it("applies Asharq Al-Awsat's configured rule", () => {
    const source = loadSources('selectors').find((s) => s.id === 'asharq-al-awsat');
    expect(shortLinkOf(source, 'https://aawsat.com/a/b/5190001-slug')).toBe(
      'https://aawsat.com/node/5190001',
    );
  });
});
