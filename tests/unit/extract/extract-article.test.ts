import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { extractArticle, extractArticleWithReport } from '../../../src/extract/extract-article.js';
import { articleSelectorsSchema } from '../../../src/config/source-schema.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/extract');
const read = (name: string): string => gunzipSync(readFileSync(path.join(fixtures, name))).toString('utf8');

/** Share of the expected text's word 4-grams found in `actual` (recall) and of `actual`'s found in expected. */
function overlap(expected: string, actual: string): { precision: number; recall: number } {
  const grams = (text: string): string[] => {
    const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
    return words.slice(0, Math.max(0, words.length - 3)).map((_, i) => words.slice(i, i + 4).join(' '));
  };
  const a = grams(expected);
  const b = grams(actual);
  const setA = new Set(a);
  const setB = new Set(b);
  return {
    recall: a.filter((g) => setB.has(g)).length / Math.max(1, a.length),
    precision: b.filter((g) => setA.has(g)).length / Math.max(1, b.length),
  };
}

describe('extractArticle on recorded Arabic pages', () => {
  it('LBC: the article text, title, language, direction and date', () => {
    const article = extractArticle(read('lbcgroup_2026-01-08_trump-pink-hair.html.gz'), {
      timeZone: 'Asia/Beirut',
    });
    const expected = read('lbcgroup_2026-01-08_trump-pink-hair.expected.txt.gz');
    const score = overlap(expected, article.text);
    expect(score.recall).toBeGreaterThan(0.95);
    expect(score.precision).toBeGreaterThan(0.95);
    expect(article.title).toContain('لغز لون شعر دونالد ترامب');
    expect(article.lang).toBe('ar');
    expect(article.dir).toBe('rtl');
    expect(
      DateTime.fromISO(article.publishedAt ?? '')
        .toUTC()
        .toISO(),
    ).toBe('2026-01-08T11:42:50.000Z');
    expect(article.text).toContain('\n\n');
  });

  it('BBC Arabic: the article text without navigation, related links, captions or byline labels', () => {
    const article = extractArticle(read('bbcarabic_2024-03-03_aaron-bushnell.html.gz'));
    // The upstream expected text is Readability's block text, captions and labels included. Its prose paragraphs
    // (the long lines that are not the caption after "التعليق على الصورة،") must all be found.
    const expectedLines = read('bbcarabic_2024-03-03_aaron-bushnell.expected.txt.gz').split(/\n+/);
    const prose = expectedLines.filter(
      (line, i) => line.length >= 120 && !expectedLines[i - 1]?.startsWith('التعليق على الصورة'),
    );
    expect(prose.length).toBeGreaterThan(20);
    expect(overlap(prose.join('\n'), article.text).recall).toBeGreaterThan(0.97);
    // Everything extracted is in the upstream text (which holds the short paragraphs and subheadings too).
    expect(overlap(expectedLines.join('\n'), article.text).precision).toBeGreaterThan(0.97);
    for (const furniture of [
      'صدر الصورة',
      'التعليق على الصورة',
      'Author,',
      'Role,',
      'قصص مقترحة',
      'يستحق الانتباه',
    ])
      expect(article.text).not.toContain(furniture);
    expect(article.dir).toBe('rtl');
    expect(article.publishedAt).toBe('2024-03-03T13:52:13Z');
  });

  it('Sputnik Arabic: title, date and Arabic body', () => {
    const article = extractArticle(read('sputnik-arabic_2020-03-17_egypt-corona.html.gz'));
    expect(article.title).toBe('مصر تسجل 30 إصابة جديدة وحالتي وفاة بفيروس كورونا');
    expect(article.text).toContain('أعلنت وزارة الصحة والسكان المصرية');
    expect(article.publishedAt?.slice(0, 10)).toBe('2020-03-17');
  });

  const dateFixtures = readdirSync(fixtures).filter((f) => f.startsWith('dates_') && f.endsWith('.html.gz'));
  it.each(dateFixtures)('%s: publication day as annotated', (file) => {
    const expected = readFileSync(
      path.join(fixtures, file.replace('.html.gz', '.expected-date.txt')),
      'utf8',
    ).trim();
    const article = extractArticle(read(file), { timeZone: 'Asia/Baghdad' });
    expect(article.publishedAt).not.toBeNull();
    // The annotation is the local calendar day; every one of these outlets is within an hour of Baghdad time.
    expect(
      DateTime.fromISO(article.publishedAt ?? '')
        .setZone('Asia/Baghdad')
        .toISODate(),
    ).toBe(expected);
  });
});

describe('extractArticle on recorded English outlet pages', () => {
  it('Euronews 2026: headline, author, canonical and the date to the minute', () => {
    const article = extractArticle(read('EuronewsEN_2026_01_06.html.gz'), { timeZone: 'Europe/Brussels' });
    expect(article.title).toBe(
      "As Trump pitches Venezuelan oil dream for US companies, experts warn it won't be cheap or easy",
    );
    expect(article.author).toBe('Stefan Grobe');
    expect(article.canonicalUrl).toMatch(/^https:\/\/www\.euronews\.com\/2026\/01\/06\//);
    expect(
      DateTime.fromISO(article.publishedAt ?? '')
        .toUTC()
        .toISO(),
    ).toBe('2026-01-06T12:55:27.000Z');
    expect(article.text).toContain("President Trump has set his sights on Venezuela's vast oil reserves");
    expect(article.lang).toBe('en');
    expect(article.dir).toBe('ltr');
  });

  it('Euronews 2024: the date from the timestamp attribute equals the meta offset time', () => {
    const article = extractArticle(read('EuronewsEN_2024_04_30.html.gz'));
    expect(
      DateTime.fromISO(article.publishedAt ?? '')
        .toUTC()
        .toISO(),
    ).toBe('2024-04-30T14:38:37.000Z');
  });

  it('Al Jazeera 2019: the article text against the benchmark truth', () => {
    const article = extractArticle(read('aljazeera-en_2019-11_afghanistan-helicopter-crash.html.gz'));
    const score = overlap(
      read('aljazeera-en_2019-11_afghanistan-helicopter-crash.expected.txt.gz'),
      article.text,
    );
    expect(score.recall).toBeGreaterThan(0.95);
    expect(score.precision).toBeGreaterThan(0.9);
  });

  it('prefers the feed date over page dates', () => {
    const article = extractArticle(read('EuronewsEN_2024_04_30.html.gz'), {
      feedPublishedAt: 'Tue, 30 Apr 2024 16:40:00 +0200',
    });
    expect(article.publishedAt).toBe('2024-04-30T16:40:00+02:00');
  });
});

describe('per-source selectors override the generic result', () => {
  const page = `<html lang="ar" dir="rtl"><head><title>عنوان الموقع</title></head><body>
    <h1 class="headline">العنوان الحقيقي</h1><div class="who">كتب: أحمد علي</div>
    <div class="stamp" data-ts="2025-10-03 10:00">اليوم</div>
    <div class="story"><p>الفقرة الأولى من الخبر وهي طويلة بما يكفي لتكون نصاً.</p><div class="ad">إعلان ممول</div>
    <p>الفقرة الثانية من الخبر.</p></div>
    <div class="other"><p>${'نص آخر طويل جداً في الصفحة لا علاقة له بالخبر، '.repeat(20)}</p></div></body></html>`;

  it('uses title, body, author, date and remove selectors', () => {
    const selectors = articleSelectorsSchema.parse({
      title: '.headline',
      body: '.story',
      author: '.who',
      date: '.stamp',
      dateAttribute: 'data-ts',
      remove: ['.ad'],
    });
    const article = extractArticle(page, { selectors, timeZone: 'Asia/Baghdad' });
    expect(article.title).toBe('العنوان الحقيقي');
    expect(article.text).toBe(
      'الفقرة الأولى من الخبر وهي طويلة بما يكفي لتكون نصاً.\n\nالفقرة الثانية من الخبر.',
    );
    expect(article.author).toBe('أحمد علي');
    expect(article.publishedAt).toBe('2025-10-03T10:00:00+03:00');
  });

  it('falls back to the generic extractor when a selector matches nothing or is invalid', () => {
    const selectors = articleSelectorsSchema.parse({ body: '.gone', title: '[[[' });
    const article = extractArticle(page, { selectors });
    expect(article.title).toBe('العنوان الحقيقي');
    expect(article.text).toContain('نص آخر طويل');
  });
});

describe('bad input gives an empty result, never a crash or a hang', () => {
  it('empty input', () => {
    const report = extractArticleWithReport('');
    expect(report.problem).toBe('empty');
    expect(report.article.text).toBe('');
    expect(report.article.title).toBeNull();
  });

  it('binary input', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)).toString('latin1');
    const report = extractArticleWithReport(binary);
    expect(report.problem).toBe('binary');
    expect(report.article.text).toBe('');
  });

  it('20 MB of nested tags', () => {
    const report = extractArticleWithReport(`<html><body>${'<div><span>'.repeat(1_900_000)}x`);
    expect(report.problem).toBe('truncated');
    expect(report.article.text.length).toBeLessThan(10);
  });

  it('a page with no article', () => {
    const article = extractArticle(
      '<html><body><nav><a href="/">Home</a><a href="/a">About</a></nav></body></html>',
    );
    expect(article.text).toBe('');
  });

  it('whitespace only is empty input', () => {
    expect(extractArticleWithReport(' \n\t ').problem).toBe('empty');
  });

  it('deep nesting under the size cap (400,000 levels) is read without truncation or a stack overflow', () => {
    const report = extractArticleWithReport(
      `<html><body><p>Intro paragraph of the page.</p>${'<div>'.repeat(400_000)}deep</body></html>`,
    );
    expect(report.problem).toBeNull();
    expect(report.article.text).toContain('Intro paragraph');
  });

  it('a listing page (link lists and scripts only) gives no article text', () => {
    const links = Array.from(
      { length: 40 },
      (_, i) => `<li><a href="/n/${i}">Headline number ${i} of the day</a></li>`,
    );
    const article = extractArticle(
      `<html><body><script>var x = "${'y'.repeat(5000)}";</script><ul>${links.join('')}</ul></body></html>`,
    );
    expect(article.text).toBe('');
  });

  it('malformed markup and junk JSON-LD', () => {
    const article = extractArticle(
      '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": </script></head><body><p>Short <b>unclosed <i>text',
    );
    expect(article.text).toContain('Short unclosed text');
  });
});
