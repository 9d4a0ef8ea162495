import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/extract/extract-article.js';

const STORY_AR =
  '<p>أعلنت قيادة العمليات المشتركة تسلم قاعدة عين الأسد الجوية من قوات التحالف الدولي بعد انسحاب آخر الوحدات الأمريكية منها، وفق الجدول الزمني المتفق عليه بين بغداد وواشنطن.</p><p>وقال المتحدث إن القوات العراقية باتت تتولى حماية القاعدة بالكامل.</p>';
const STORY_EN =
  '<p>The last American troops left Ain al-Asad air base in Anbar province on Monday, handing the facility to the Iraqi army under the drawdown agreed with Baghdad last year.</p><p>A spokesman said Iraqi units had taken full responsibility for the base.</p>';

interface Page {
  head: string;
  logo?: string;
  nav?: string[];
  h1?: string;
  story: string;
}

function html(p: Page): string {
  const nav = (p.nav ?? []).map((n) => `<li><a href="/s/${encodeURIComponent(n)}">${n}</a></li>`).join('');
  return `<html><head>${p.head}</head><body><header>${p.logo ? `<h1 class="logo"><a href="/">${p.logo}</a></h1>` : ''}<nav><ul>${nav}</ul></nav></header><main><article>${p.h1 ? `<h1>${p.h1}</h1>` : ''}${p.story}</article></main></body></html>`;
}

const HEAD_AR = 'تسليم قاعدة عين الأسد إلى الجيش العراقي';
const HEAD_EN = 'US troops hand Ain al-Asad base to the Iraqi army';

describe('titles: the article headline, not the site or section name', () => {
  const cases: Array<[string, Page, string, string?]> = [
    [
      'AR: <title> is the site name, a logo h1 and the article h1',
      {
        head: '<title>شبكة الأخبار</title><meta property="og:site_name" content="شبكة الأخبار">',
        logo: 'شبكة الأخبار',
        h1: HEAD_AR,
        story: STORY_AR,
      },
      HEAD_AR,
    ],
    [
      'EN: <title> is the site name (known from the host), a logo h1 and the article h1',
      { head: '<title>Daily Outlet</title>', logo: 'Daily Outlet', h1: HEAD_EN, story: STORY_EN },
      HEAD_EN,
      'https://www.dailyoutlet.com/world/2025/06/10/story',
    ],
    [
      'AR: the h1 is the section name from the menu; og:title is the headline',
      {
        head: `<title>العراق | شبكة الأخبار</title><meta property="og:title" content="${HEAD_AR}">`,
        nav: ['الرئيسية', 'العراق', 'سياسة'],
        h1: 'العراق',
        story: STORY_AR,
      },
      HEAD_AR,
    ],
    [
      'EN: the h1 is the section name; <title> carries the headline',
      {
        head: `<title>${HEAD_EN} | Iraq | Daily Outlet</title>`,
        nav: ['Home', 'Iraq', 'Politics'],
        h1: 'Iraq',
        story: STORY_EN,
      },
      HEAD_EN,
    ],
    [
      'EN: the logo h1 is the site name; og:title is the headline',
      {
        head: `<title>${HEAD_EN} - Daily Outlet</title><meta property="og:title" content="${HEAD_EN}"><meta property="og:site_name" content="Daily Outlet">`,
        logo: 'Daily Outlet',
        story: STORY_EN,
      },
      HEAD_EN,
    ],
    [
      'AR: og:title is the site name on every page; the article h1 wins',
      {
        head: '<title>شبكة الأخبار</title><meta property="og:title" content="شبكة الأخبار"><meta property="og:site_name" content="شبكة الأخبار">',
        h1: HEAD_AR,
        story: STORY_AR,
      },
      HEAD_AR,
    ],
    [
      'EN: og:title is the site name, JSON-LD has the headline, the h1 is a section',
      {
        head: `<title>Daily Outlet</title><meta property="og:title" content="Daily Outlet"><meta property="og:site_name" content="Daily Outlet"><script type="application/ld+json">{"@type":"NewsArticle","headline":"${HEAD_EN}","publisher":{"@type":"Organization","name":"Daily Outlet"}}</script>`,
        nav: ['World', 'Middle East'],
        h1: 'Middle East',
        story: STORY_EN,
      },
      HEAD_EN,
    ],
    [
      'AR: JSON-LD publisher names the site; <title> is only that name',
      {
        head: `<title>وكالة الأنباء</title><script type="application/ld+json">{"@type":"NewsArticle","publisher":{"@type":"Organization","name":"وكالة الأنباء"}}</script>`,
        logo: 'وكالة الأنباء',
        h1: HEAD_AR,
        story: STORY_AR,
      },
      HEAD_AR,
    ],
  ];
  it.each(cases)('%s', (_name, page, expected, url) => {
    expect(extractArticle(html(page), url ? { url } : {}).title).toBe(expected);
  });
});

describe('titles: what already worked keeps working', () => {
  it.each([
    [
      '<title> with a site suffix and the same h1',
      { head: `<title>${HEAD_EN} | Daily Outlet</title>`, h1: HEAD_EN, story: STORY_EN },
      HEAD_EN,
    ],
    [
      'a shortened og:title and a fuller h1',
      {
        head: '<meta property="og:title" content="US troops hand Ain al-Asad base">',
        h1: HEAD_EN,
        story: STORY_EN,
      },
      HEAD_EN,
    ],
    [
      'Arabic <title> with a suffix, no h1',
      { head: `<title>${HEAD_AR} - شبكة الأخبار</title>`, story: STORY_AR },
      HEAD_AR,
    ],
    [
      'a page that names nothing but the site',
      { head: '<title>Daily Outlet</title>', story: STORY_EN },
      'Daily Outlet',
    ],
  ] as Array<[string, Page, string]>)('%s', (_name, page, expected) => {
    expect(extractArticle(html(page)).title).toBe(expected);
  });

  it.each([
    ['EN', 'About bugs – Vortexcannon Games Entertainment Studio', 'About bugs'],
    ['AR', 'قاعدة عين الأسد – شبكة الأخبار العربية المستقلة للأنباء', 'قاعدة عين الأسد'],
  ])(
    '%s: a site name longer than the headline in <title> does not make the h1 a site name',
    (_l, title, h1) => {
      expect(extractArticle(html({ head: `<title>${title}</title>`, h1, story: STORY_EN })).title).toBe(h1);
    },
  );

  it('a headline that links to its own page is not taken for a section name', () => {
    const page = html({ head: `<title>${HEAD_EN} | Daily Outlet</title>`, story: STORY_EN }).replace(
      '<article>',
      `<article><nav class="breadcrumb"><a href="/">Home</a></nav><h1><a href="/story">${HEAD_EN}</a></h1>`,
    );
    expect(extractArticle(page).title).toBe(HEAD_EN);
  });
});
