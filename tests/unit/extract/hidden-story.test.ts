import { describe, expect, it } from 'vitest';
import { extractArticleWithReport } from '../../../src/extract/extract-article.js';

const AR = [
  'أعلنت قيادة العمليات المشتركة العراقية اليوم تسلم قاعدة عين الأسد الجوية في محافظة الأنبار من قوات التحالف الدولي بعد انسحاب آخر الوحدات الأمريكية منها.',
  'وقال المتحدث باسم القيادة في مؤتمر صحفي إن عملية التسليم جرت وفق الجدول الزمني المتفق عليه بين بغداد وواشنطن، وإن القوات العراقية باتت تتولى حماية القاعدة بالكامل.',
  'وأضاف أن المرحلة المقبلة تشمل نقل المسؤولية عن قواعد أخرى في إقليم كردستان، مشيراً إلى أن التنسيق مع التحالف سيستمر في مجالي التدريب وتبادل المعلومات الاستخبارية.',
  'ويأتي هذا التطور بعد أشهر من المفاوضات التي انتهت باتفاق على إنهاء المهمة العسكرية للتحالف في العراق على مرحلتين تنتهي الثانية منهما في أيلول من العام المقبل.',
];
const EN = [
  'The last American troops left Ain al-Asad air base in Anbar province on Monday, handing the sprawling facility to the Iraqi army under the drawdown agreed with Baghdad last year.',
  'A spokesman for the Joint Operations Command told reporters that the handover followed the agreed timetable and that Iraqi units had taken full responsibility for the base perimeter.',
  'The next phase moves responsibility for sites in the Kurdistan region, he said, adding that cooperation with the coalition would continue in training and intelligence sharing.',
  'The move follows months of talks that ended with a deal to wind down the coalition mission in two phases, the second of which ends in September next year.',
];
const NAV = ['Home', 'World', 'Iraq', 'Politics', 'Economy', 'Sport', 'Opinion', 'Video']
  .map((w) => `<li><a href="/${w.toLowerCase()}">${w}</a></li>`)
  .join('');

/** A page whose story sits in a wrapper with `attrs`; a short visible teaser above it. */
function page(attrs: string, paragraphs: readonly string[], lang: 'ar' | 'en'): string {
  const body = paragraphs.map((p) => `<p>${p}</p>`).join('');
  const teaser = lang === 'ar' ? 'انقر لقراءة الخبر كاملاً' : 'Tap to read the full story';
  return `<!doctype html><html lang="${lang}"><head><title>Outlet</title></head><body>
<header><nav><ul>${NAV}</ul></nav></header>
<main><h1>${lang === 'ar' ? 'تسليم قاعدة عين الأسد' : 'Ain al-Asad handed over'}</h1>
<div class="teaser"><button>${teaser}</button></div>
<div ${attrs}>${body}</div></main>
<footer><p>© Outlet 2025. <a href="/about">About</a> <a href="/contact">Contact</a></p></footer></body></html>`;
}

const HIDING: Array<[string, string]> = [
  ['inline display:none', 'class="story-full" style="display: none"'],
  ['the hidden attribute', 'class="story-full" hidden'],
  ['aria-hidden', 'class="story-full" aria-hidden="true"'],
  ['an is-hidden class', 'class="story-full is-hidden"'],
  ['a d-none class', 'class="article-rest d-none"'],
  ['visibility:hidden', 'style="visibility:hidden;height:0"'],
];

describe('a story hidden until script opens it', () => {
  for (const [lang, paragraphs] of [
    ['ar', AR],
    ['en', EN],
  ] as const) {
    it.each(HIDING)(`${lang}: %s — extracted whole, no problem`, (_name, attrs) => {
      const { article, problems, revealedHidden } = extractArticleWithReport(page(attrs, paragraphs, lang));
      for (const p of paragraphs) expect(article.text).toContain(p);
      expect(article.text).not.toContain('Politics');
      expect(revealedHidden).toBe(true);
      expect(problems).toEqual([]);
    });
  }

  it('a class such as "collapsed" that hides nothing by itself keeps the story too', () => {
    const { article } = extractArticleWithReport(page('class="story collapsed"', EN, 'en'));
    for (const p of EN) expect(article.text).toContain(p);
  });

  it('hidden furniture stays out when the visible story is the bulk of the page', () => {
    const html = page('class="story"', [...AR, ...AR.map((p) => p.replace('اليوم', 'أمس'))], 'ar').replace(
      '</main>',
      `<div class="promo" style="display:none"><p>${EN[0]}</p><p>${EN[1]}</p></div></main>`,
    );
    const { article, revealedHidden } = extractArticleWithReport(html);
    expect(article.text).toContain(AR[2]);
    expect(article.text).not.toContain(EN[0]);
    expect(revealedHidden).toBe(false);
  });
});

describe('extraction problems', () => {
  it.each([
    ['ar', AR],
    ['en', EN],
  ] as const)('%s: a story only inside a dialog is a thin body', (lang, paragraphs) => {
    const html = page('class="x"', ['.'], lang).replace(
      '</main>',
      `<div role="dialog" class="reader">${paragraphs.map((p) => `<p>${p}</p>`).join('')}</div></main>`,
    );
    const { problems, article } = extractArticleWithReport(html);
    expect(article.text.length).toBeLessThan(200);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^(?:thin|empty)-body$/)]));
  });

  it.each([
    ['links only', `<html><body><nav><ul>${NAV}</ul></nav><ul>${NAV}</ul></body></html>`],
    [
      'markup without text',
      '<html><head><title>x</title></head><body><div><span></span></div></body></html>',
    ],
    ['empty input', ''],
  ])('%s: empty body', (_name, html) => {
    expect(extractArticleWithReport(html).problems).toEqual(['empty-body']);
  });

  it.each([
    ['ar', AR],
    ['en', EN],
  ] as const)('%s: a visible article has no problem', (lang, paragraphs) => {
    expect(extractArticleWithReport(page('class="story"', paragraphs, lang)).problems).toEqual([]);
  });
});
