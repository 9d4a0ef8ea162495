import { describe, expect, it } from 'vitest';
import { readPage, sameSiteUrl, sitemapsFromRobots } from '../../../../src/fetch/discover/discover-page.js';
import { parseListing } from '../../../../src/fetch/formats/parse-listing.js';

const BASE = 'https://www.outlet.example/';

const blocks = (tag: string, cls: string, titles: string[], extra = '') =>
  titles
    .map(
      (t, k) =>
        `<${tag} class="${cls}"><a href="/news/2025/09/${10 + k}/story-${k}-${'x'.repeat(k)}"><img src="a.jpg"></a><h2><a href="/news/2025/09/${10 + k}/story-${k}-${'x'.repeat(k)}">${t}</a></h2>${extra}</${tag}>`,
    )
    .join('');

const AR_TITLES = [
  'انسحاب القوات الأمريكية من قاعدة عين الأسد',
  'التحالف الدولي يسلم مقراً للجيش العراقي',
  'الحكومة تعلن جدولاً زمنياً للانسحاب',
  'مستشارون يبقون في إقليم كردستان',
];
const EN_TITLES = [
  'US troops begin leaving Ain al-Asad air base',
  'Coalition hands over its Baghdad headquarters',
  'Drawdown timeline confirmed by the government',
];

describe('readPage', () => {
  it('reads title, language and feeds linked by <link rel="alternate"> and feed-looking anchors', () => {
    const page = readPage(
      `<html lang="ar-IQ"><head><title> أخبار   الرافدين </title>
        <link rel="alternate" type="application/rss+xml" href="/rss/ar.xml">
        <link rel="alternate" type="application/atom+xml" href="https://feeds.outlet.example/atom">
        <link rel="alternate" type="application/rss+xml" href="https://other.example/rss.xml">
        <link rel="alternate" hreflang="en" href="/en/">
        <link rel="stylesheet" href="/feed.css"></head>
        <body><a href="/feed">RSS</a><a href="/rss/ar.xml">RSS again</a><a href="javascript:alert(1)">x</a></body></html>`,
      BASE,
    );
    expect(page.title).toBe('أخبار الرافدين');
    expect(page.language).toBe('ar');
    expect(page.feeds).toEqual([
      'https://www.outlet.example/rss/ar.xml',
      'https://feeds.outlet.example/atom',
      'https://www.outlet.example/feed',
    ]);
  });

  it('finds repeated article blocks with their headline, link and date selectors, Arabic and English', () => {
    for (const [tag, cls, titles] of [
      ['div', 'news-card', AR_TITLES],
      ['li', 'story', EN_TITLES],
      ['article', 'teaser', EN_TITLES],
    ] as const) {
      const html = `<html lang="en"><body><nav><a href="/">Home</a><a href="/politics">Politics</a></nav>
        <main>${blocks(tag, cls, [...titles], '<time datetime="2025-09-10T08:00:00Z">today</time>')}</main></body></html>`;
      const [best] = readPage(html, BASE).listings;
      expect(best, cls).toEqual({
        selectors: {
          item: `${tag}.${cls}`,
          link: 'h2 a',
          title: 'h2',
          date: 'time',
          dateAttribute: 'datetime',
        },
        items: titles.length,
      });
    }
  });

  it('takes a card that is itself the link as the block', () => {
    const cards = AR_TITLES.map(
      (t, k) => `<a class="card" href="/ar/news/${1000 + k}/خبر"><img src="i.jpg"><h3>${t}</h3></a>`,
    ).join('');
    const html = `<html lang="ar"><body><div class="grid">${cards}</div></body></html>`;
    const [best] = readPage(html, BASE).listings;
    expect(best).toEqual({ selectors: { item: 'a.card', title: 'h3' }, items: AR_TITLES.length });
    // The listing parser reads the same entries with those selectors.
    const entries = parseListing(html, best!.selectors, BASE, 's', {});
    expect(entries.map((e) => e.title)).toEqual(AR_TITLES);
    expect(entries[0]?.url).toBe(new URL('/ar/news/1000/خبر', BASE).href);
  });

  it('ignores menus, short links, other sites and fewer than three blocks', () => {
    const menu = `<ul class="menu">${['Politics', 'Economy', 'Sports', 'Culture'].map((t) => `<li class="m"><a href="/${t.toLowerCase()}">${t}</a></li>`).join('')}</ul>`;
    const offsite = EN_TITLES.map(
      (t, k) => `<div class="ad"><a href="https://ads.example/2025/09/promo-${k}-long-slug">${t}</a></div>`,
    ).join('');
    const two = blocks('div', 'card', EN_TITLES.slice(0, 2));
    expect(readPage(`<html><body>${menu}${offsite}${two}</body></html>`, BASE).listings).toEqual([]);
    expect(readPage('<html><body></body></html>', BASE)).toMatchObject({
      title: null,
      language: null,
      feeds: [],
    });
  });
});

describe('sitemapsFromRobots', () => {
  it('reads Sitemap lines in any case, news sitemaps first, same site only', () => {
    const robots = [
      'User-agent: *',
      'Disallow: /admin',
      'Sitemap: https://www.outlet.example/sitemap.xml',
      'sitemap:https://outlet.example/news-sitemap.xml',
      'SITEMAP: /sitemaps/ar/news.xml',
      'Sitemap: https://elsewhere.example/sitemap.xml',
      'Sitemap: https://www.outlet.example/sitemap.xml',
    ].join('\r\n');
    expect(sitemapsFromRobots(robots, BASE)).toEqual([
      'https://outlet.example/news-sitemap.xml',
      'https://www.outlet.example/sitemaps/ar/news.xml',
      'https://www.outlet.example/sitemap.xml',
    ]);
    expect(sitemapsFromRobots('User-agent: *\nDisallow:', BASE)).toEqual([]);
  });
});

describe('sameSiteUrl', () => {
  it('keeps http(s) URLs on the site and its subdomains, drops fragments', () => {
    expect(sameSiteUrl('/a#top', BASE)).toBe('https://www.outlet.example/a');
    expect(sameSiteUrl('https://outlet.example/b', BASE)).toBe('https://outlet.example/b');
    expect(sameSiteUrl('https://ar.outlet.example/c', BASE)).toBe('https://ar.outlet.example/c');
    for (const bad of [
      'https://notoutlet.example/',
      'mailto:x@outlet.example',
      'javascript:void(0)',
      undefined,
      'http://[bad',
    ])
      expect(sameSiteUrl(bad, BASE), String(bad)).toBeNull();
  });
});
