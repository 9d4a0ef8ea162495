/**
 * Every article page in tests/fixtures/sources/<id>/ (constructed from OUTLETS.md markup, or recorded — see that
 * folder's README) through the extractor with the source's own zone and selectors, as the pipeline runs it: the
 * text is the article and nothing else, and the date is the one the page states, to the minute.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { load } from 'cheerio/slim';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { articleSelectorsSchema } from '../../../src/config/source-schema.js';
import { extractArticle } from '../../../src/extract/extract-article.js';

const root = path.resolve(import.meta.dirname, '../../..');
const sourcesDir = path.join(root, 'tests/fixtures/sources');

interface Case {
  name: string;
  html: string;
  timeZone: string;
  selectors: ReturnType<typeof articleSelectorsSchema.parse> | undefined;
}

const cases: Case[] = [];
for (const id of readdirSync(sourcesDir).sort()) {
  const yamlFile = path.join(root, 'selectors', `${id}.yaml`);
  if (!existsSync(yamlFile)) continue;
  const source = parse(readFileSync(yamlFile, 'utf8')) as {
    timezone?: string;
    article?: { selectors?: unknown };
  };
  for (const file of readdirSync(path.join(sourcesDir, id)).filter((f) =>
    /^article.*\.html(\.gz)?$/.test(f),
  )) {
    const bytes = readFileSync(path.join(sourcesDir, id, file));
    cases.push({
      name: `${id}/${file}`,
      html: (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'),
      timeZone: source.timezone ?? 'UTC',
      selectors: source.article?.selectors
        ? articleSelectorsSchema.parse(source.article.selectors)
        : undefined,
    });
  }
}

/** The publication time the page itself states, read independently of the extractor. */
function statedPublication(html: string): string | null {
  const $ = load(html);
  const meta = $('meta[property="article:published_time"]').attr('content');
  if (meta) return meta;
  const ts = $('[data-timestamp]').first().attr('data-timestamp');
  if (ts) return DateTime.fromSeconds(Number(ts)).toISO();
  const available = $('meta[name="date.available"]').attr('content');
  return available ? available.replace(' ', 'T').replace(' ', '') : null;
}

const toMinute = (iso: string | null): string | null =>
  iso ? DateTime.fromISO(iso, { setZone: true }).toUTC().toFormat("yyyy-LL-dd'T'HH:mm") : null;

// Lines that must never be in the text: bylines, "published on" stamps, share/related/read-also boxes, captions.
const FURNITURE = [
  /^(?:by|بقلم|كتب|author,|role,)\s/i,
  /^(?:published|updated|posted|نشر|تاريخ النشر|آخر تحديث)\b/i,
  /^(?:read (?:also|more)|related|you might also like|share|اقرأ أيضا|اقرأ أيضاً|شارك|أخبار ذات صلة|قد يعجبك)/i,
  /^(?:©|(?:صدر|مصدر) الصورة|التعليق على الصورة)/,
  /^(?:الموضوع|الكلمات الدلالية|انظر أيضا|tags):?$/i,
];

describe('seed-outlet article fixtures', () => {
  it('there are article fixtures to check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const article = extractArticle(c.html, {
      timeZone: c.timeZone,
      ...(c.selectors ? { selectors: c.selectors } : {}),
    });
    expect(article.title).toBeTruthy();
    expect(article.text.length).toBeGreaterThan(10);
    const lines = article.text.split('\n\n');
    for (const line of lines) for (const pattern of FURNITURE) expect(line).not.toMatch(pattern);
    // The title is not repeated as the first paragraph.
    expect(lines[0]).not.toBe(article.title);
    const stated = statedPublication(c.html);
    if (stated) expect(toMinute(article.publishedAt)).toBe(toMinute(stated));
  });

  it('the recorded Sputnik page, generic extraction: the body without the photo credit or the topic/tag labels after it', () => {
    const c = cases.find((x) => x.name === 'sputnik-arabic/article-recorded-2020.html.gz');
    expect(c).toBeDefined();
    const article = extractArticle(c?.html ?? '', { timeZone: 'UTC' });
    expect(article.text.startsWith('أعلنت وزارة الصحة والسكان المصرية')).toBe(true);
    expect(article.text.endsWith('معربة عن قلقها من احتمال تزايد المصابين بشكل كبير.')).toBe(true);
    expect(article.text).not.toContain('REUTERS');
    expect(article.author).toBe('Sputnik');
    // The page shows "GMT 17:27 17.03.2020"; its metadata adds the seconds.
    expect(toMinute(article.publishedAt)).toBe('2020-03-17T17:27');
  });

  it('the recorded Euronews page, generic extraction: the body ends before "You might also like"', () => {
    const c = cases.find((x) => x.name === 'euronews-english/article-2.html');
    const article = extractArticle(c?.html ?? '', {});
    expect(article.text).not.toContain('You might also like');
    expect(article.text.endsWith('with bombings and shootings recorded weekly.')).toBe(true);
  });
});
