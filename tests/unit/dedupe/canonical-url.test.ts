import { describe, expect, it } from 'vitest';
import { canonicalizeUrl, stableIdFromUrl } from '../../../src/dedupe/canonical-url.js';

describe('canonicalizeUrl', () => {
  it.each([
    ['http://www.Example.com/news/a/?utm_source=x&fbclid=1&id=5#top', 'https://example.com/news/a?id=5'],
    ['https://example.com/a?b=2&a=1&gclid=z', 'https://example.com/a?a=1&b=2'],
    [
      'https://www.alarabiya.net/amp/arab-and-world/2023/01/12/x',
      'https://alarabiya.net/arab-and-world/2023/01/12/x',
    ],
    ['https://example.com/story/123/amp', 'https://example.com/story/123'],
    [
      'https://www.rudaw.net/arabic/kurdistan/250420224',
      'https://rudawarabia.net/arabic/kurdistan/250420224',
    ],
    [
      'https://arabic.sputniknews.com/20250817/x-1103840409.html',
      'https://sarabic.ae/20250817/x-1103840409.html',
    ],
    ['https://example-com.cdn.ampproject.org/c/s/example.com/a/b', 'https://example.com/a/b'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('gives one form for encoded and raw Arabic paths, with upper-case escapes', () => {
    const raw = canonicalizeUrl('https://sarabic.ae/20250817/العراق-1103840409.html');
    const encoded = canonicalizeUrl(
      'https://sarabic.ae/20250817/%d8%a7%d9%84%d8%b9%d8%b1%d8%a7%d9%82-1103840409.html',
    );
    expect(raw).toBe(encoded);
    expect(raw).toContain('%D8%A7');
  });

  it('keeps tatweel in paths', () => {
    const withTatweel = canonicalizeUrl('https://shafaq.com/ar/سيـاسة/خبر');
    const without = canonicalizeUrl('https://shafaq.com/ar/سياسة/خبر');
    expect(withTatweel).not.toBe(without);
    expect(decodeURIComponent(withTatweel)).toContain('\u0640');
  });

  it('never throws on junk', () => {
    expect(canonicalizeUrl('  not a url ')).toBe('not a url');
    expect(canonicalizeUrl('javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(canonicalizeUrl('https://example.com/%E2%ZZ')).toContain('example.com');
    expect(canonicalizeUrl('')).toBe('');
  });
});

describe('stableIdFromUrl', () => {
  it.each([
    ['https://www.alsumaria.tv/news/localnews/490157/slug', 'alsumaria.tv:490157'],
    ['https://www.alsumaria.tv/news/504835/', 'alsumaria.tv:504835'],
    ['https://www.kurdistan24.net/ar/story/892853/', 'kurdistan24.net:ar:892853'],
    ['https://ina.iq/ar/local/257365-2000.html', 'ina.iq:257365'],
    ['https://english.aawsat.com/node/5065777', 'english.aawsat.com:5065777'],
    ['https://www.rudaw.net/arabic/kurdistan/250420224', 'rudawarabia.net:250420224'],
    ['https://sarabic.ae/20250817/%D8%A7-1103840409.html', 'sarabic.ae:1103840409'],
  ])('%s → %s', (input, expected) => {
    expect(stableIdFromUrl(input)).toBe(expected);
  });

  it('returns null without a rule or an id', () => {
    expect(stableIdFromUrl('https://example.com/news/490157')).toBeNull();
    expect(stableIdFromUrl('https://www.alsumaria.tv/news')).toBeNull();
    expect(stableIdFromUrl('garbage')).toBeNull();
  });
});
