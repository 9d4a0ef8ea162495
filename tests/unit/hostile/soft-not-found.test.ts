/**
 * Soft 404s: "page not found" pages served with status 200, in English and Arabic, are recognised after extraction
 * (so the pipeline does not store them as articles); real articles, including short ones and ones that mention
 * "404" or "not found", are not.
 */
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../../src/extract/extract-article.js';
import { softNotFoundReason } from '../../../src/fetch/http/soft-not-found.js';

const NAV = Array.from({ length: 30 }, (_, i) => `<li><a href="/section/${i}">Section ${i}</a></li>`).join(
  '',
);
const page = (lang: string, title: string, body: string) =>
  `<!doctype html><html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><title>${title}</title></head>
<body><header><nav><ul>${NAV}</ul></nav></header><main>${body}</main><footer><p>© 2026 Outlet. All rights reserved.</p></footer></body></html>`;

const check = (html: string) =>
  softNotFoundReason(extractArticle(html, { url: 'https://outlet.example/x' }), html);

const PARAGRAPHS_EN = [
  'American troops finished relocating their equipment from the K1 military base in Kirkuk to Erbil, the Joint Operations Command said on Sunday.',
  'Iraqi units now control every part of the base under the withdrawal schedule agreed with the coalition last year, officials added.',
  'The coalition said the move was part of a planned transition and that advisers would remain in the Kurdistan Region until September.',
  'Lawmakers in Baghdad welcomed the step but demanded a full timetable for the departure of the remaining forces from Ain al-Asad.',
]
  .map((p) => `<p>${p}</p>`)
  .join('');
const PARAGRAPHS_AR = [
  'أكملت القوات الأمريكية نقل معداتها من قاعدة كي وان العسكرية في كركوك إلى أربيل، بحسب ما أعلنته قيادة العمليات المشتركة يوم الأحد.',
  'وتسيطر الوحدات العراقية الآن على جميع أجزاء القاعدة وفق جدول الانسحاب المتفق عليه مع التحالف الدولي العام الماضي.',
  'وقال التحالف إن الخطوة جزء من انتقال مخطط له وإن المستشارين سيبقون في إقليم كردستان حتى أيلول المقبل.',
  'ورحب نواب في بغداد بالخطوة لكنهم طالبوا بجدول زمني كامل لمغادرة القوات المتبقية من قاعدة عين الأسد.',
]
  .map((p) => `<p>${p}</p>`)
  .join('');

describe('soft 404 pages are recognised', () => {
  it.each([
    [
      'en',
      'Page not found | Outlet',
      '<h1>Page not found</h1><p>Sorry, the page you are looking for does not exist.</p>',
    ],
    ['en', '404', "<h1>Oops!</h1><p>We couldn't find that page. Try the search box.</p>"],
    [
      'en',
      'Outlet News',
      '<h1>Error 404</h1><p>The article you requested cannot be found. Return to the homepage.</p>',
    ],
    ['en', 'Not Found', '<h1>Not Found</h1><p>The requested URL was not found on this server.</p>'],
    [
      'en',
      'Outlet',
      "<article><h1>Sorry, this page isn't available</h1><p>The link may be broken.</p></article>",
    ],
    [
      'ar',
      'الصفحة غير موجودة - شفق نيوز',
      '<h1>الصفحة غير موجودة</h1><p>ربما تم حذف الصفحة أو تغيير رابطها.</p>',
    ],
    ['ar', 'شفق نيوز', '<h1>عذراً، الصفحة المطلوبة غير متوفرة</h1><p>يمكنك العودة إلى الصفحة الرئيسية.</p>'],
    ['ar', 'خطأ 404', '<div class="error"><p>لم يتم العثور على الصفحة التي تبحث عنها.</p></div>'],
    ['ar', 'الرئيسية', '<h1>404</h1><p>عذرا، الصفحة التي طلبتها غير موجودة أو تم نقلها.</p>'],
    ['ar', 'السومرية نيوز', '<h1>الصفحة المطلوبة غير موجودة</h1>'],
  ])('%s: <title>%s</title>', (lang, title, body) => {
    expect(check(page(lang, title, body))).toMatch(/not found/);
  });
});

describe('real articles are not', () => {
  it.each([
    [
      'en',
      'US forces leave K1 base in Kirkuk',
      `<article><h1>US forces leave K1 base in Kirkuk</h1>${PARAGRAPHS_EN}</article>`,
    ],
    [
      'en',
      'Iraq says 404 coalition trainers remain',
      `<article><h1>Iraq says 404 coalition trainers remain</h1>${PARAGRAPHS_EN}</article>`,
    ],
    [
      'en',
      'Ministry website shows "page not found" after cyberattack',
      `<article><h1>Ministry website shows "page not found" after cyberattack</h1>${PARAGRAPHS_EN}${PARAGRAPHS_EN}</article>`,
    ],
    [
      'en',
      'Brief: troops move',
      '<article><h1>Brief: troops move</h1><p>US troops moved from Baghdad to Erbil on Sunday, officials said.</p></article>',
    ],
    [
      'ar',
      'انسحاب القوات الأمريكية من قاعدة كي وان',
      `<article><h1>انسحاب القوات الأمريكية من قاعدة كي وان</h1>${PARAGRAPHS_AR}</article>`,
    ],
    [
      'ar',
      'مصدر: القوات الأجنبية غير موجودة في قاعدة التاجي',
      `<article><h1>مصدر: القوات الأجنبية غير موجودة في قاعدة التاجي</h1>${PARAGRAPHS_AR}</article>`,
    ],
    [
      'ar',
      'عاجل',
      '<article><h1>عاجل: وصول رتل أمريكي إلى أربيل</h1><p>وصل رتل عسكري أمريكي إلى أربيل قادماً من بغداد.</p></article>',
    ],
  ])('%s: %s', (lang, title, body) => {
    expect(check(page(lang, title, body))).toBeUndefined();
  });
});
