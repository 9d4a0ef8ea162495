import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseGazetteer } from '../../../src/dedupe/gazetteer.js';
import { loadGazetteerDir } from '../../../src/dedupe/load-gazetteer-dir.js';
import { StoryIndex } from '../../../src/dedupe/story-index.js';
import type { StoryCandidate } from '../../../src/dedupe/story-index.js';

const gazetteer = parseGazetteer(
  readFileSync(new URL('../../../topics/gazetteer.yaml', import.meta.url), 'utf8'),
);
const topicsDir = fileURLToPath(new URL('../../../topics/', import.meta.url));
const seedDir = new URL('../../fixtures/seeds/', import.meta.url);
const seedDates: Record<string, string> = {
  '000': '2025-08-23T10:00:00Z',
  '001': '2025-08-23T14:00:00Z',
  '002': '2026-01-03T09:00:00Z',
  '003': '2025-10-01T09:00:00Z',
  '004': '2025-08-19T09:00:00Z',
};
const seeds: StoryCandidate[] = readdirSync(seedDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((file) => ({
    id: file.slice(0, 3),
    lang: 'ar',
    text: readFileSync(new URL(file, seedDir), 'utf8'),
    publishedAt: seedDates[file.slice(0, 3)] ?? null,
  }));

const article = (id: string, text: string, extra: Partial<StoryCandidate> = {}): StoryCandidate => ({
  id,
  lang: 'ar',
  text,
  ...extra,
});

const BODY =
  'أعلنت قيادة العمليات المشتركة اليوم تسلم قاعدة حرير بالكامل من قوات التحالف الدولي بعد انسحاب آخر دفعة من المستشارين ' +
  'الأمريكيين، وقال المتحدث إن عدد الجنود الذين غادروا بلغ 350 جنديا وإن العملية جرت وفق الجدول المتفق عليه مع واشنطن ' +
  'وستتسلم القوات العراقية المعدات الثقيلة خلال الأيام المقبلة بحسب بيان رسمي صدر عن مكتب القائد العام للقوات المسلحة.';

describe('StoryIndex with the seed articles', () => {
  it('puts 000 and 001 in one story and 002, 003, 004 each in their own', () => {
    const index = new StoryIndex({ gazetteer });
    const story = new Map(seeds.map((s) => [s.id, index.assign(s).storyId]));
    expect(story.get('001')).toBe(story.get('000'));
    const others = ['002', '003', '004'].map((id) => story.get(id));
    expect(new Set([...others, story.get('000')]).size).toBe(4);
    expect(story.get('000')).toBe('st-000');
  });
});

describe('StoryIndex duplicates and revisions', () => {
  it('marks an exact copy and a re-labelled copy as duplicates of the first', () => {
    const index = new StoryIndex({ gazetteer });
    const first = index.assign(
      article('a', BODY, { title: 'تسلم قاعدة حرير', url: 'https://one.example/a' }),
    );
    const copy = index.assign(
      article('b', BODY, { title: 'عاجل | تسلم قاعدة حرير', url: 'https://two.example/b' }),
    );
    expect(first).toMatchObject({ storyId: 'st-a', duplicateOf: null });
    expect(copy).toMatchObject({ storyId: 'st-a', duplicateOf: 'a', revisionOf: null });
  });

  it('marks a copy wrapped in other page junk as a near-duplicate', () => {
    const index = new StoryIndex({ gazetteer });
    index.assign(article('a', BODY));
    const wrapped = index.assign(
      article('b', `الرئيسية أخبار عاجل رياضة اقتصاد ${BODY} اقرأ أيضا: أسعار الذهب اليوم`),
    );
    expect(wrapped.duplicateOf).toBe('a');
    expect(wrapped.reasons[0]).toMatch(/^near-duplicate:a/);
  });

  it('treats the same URL with changed text as a revision with history', () => {
    const index = new StoryIndex({ gazetteer });
    index.assign(
      article('a', BODY, { url: 'https://www.alsumaria.tv/news/politics/537428/x?utm_source=fb' }),
    );
    const edited = index.assign(
      article('b', `${BODY} وأضاف أن 50 مستشارا سيبقون.`, {
        url: 'http://alsumaria.tv/news/politics/537428/y',
      }),
    );
    expect(edited).toMatchObject({ storyId: 'st-a', revisionOf: 'a', duplicateOf: null });
    const again = index.assign(
      article('c', `${BODY} وأضاف أن 50 مستشارا سيبقون.`, {
        url: 'https://alsumaria.tv/news/politics/537428/x',
      }),
    );
    expect(again).toMatchObject({ storyId: 'st-a', duplicateOf: 'b', revisionOf: null });
    expect(index.revisionsOf('a')).toEqual(['b']);
  });

  it('does not join unrelated items, and respects the time window', () => {
    const index = new StoryIndex({ gazetteer, windowHours: 24 });
    index.assign(article('a', BODY, { publishedAt: '2025-09-01T10:00:00Z' }));
    const later = index.assign(article('b', BODY, { publishedAt: '2025-09-05T10:00:00Z' }));
    expect(later.storyId).toBe('st-b');
    const other = index.assign(
      article('c', 'ارتفعت أسعار الذهب في الأسواق المحلية اليوم مع تراجع الدولار أمام العملات.'),
    );
    expect(other.storyId).toBe('st-c');
  });

  it('evicts old items and is rebuilt identically from a snapshot', () => {
    const index = new StoryIndex({ gazetteer, keepTexts: true });
    for (const seed of seeds) index.assign(seed);
    const rebuilt = StoryIndex.fromSnapshot(JSON.parse(JSON.stringify(index.snapshot())), { gazetteer });
    expect(rebuilt.size).toBe(5);
    const probe = article('p', seeds[1]?.text ?? '', { publishedAt: '2025-08-23T18:00:00Z' });
    expect(rebuilt.assign(probe)).toEqual(index.assign(probe));
    index.evictBefore(new Date('2025-09-01T00:00:00Z'));
    expect(index.size).toBe(2); // 002 (2026) and 003 (October) remain
  });

  it('survives hostile input', () => {
    const index = new StoryIndex();
    expect(() => index.assign(article('x', ''))).not.toThrow();
    expect(() =>
      index.assign({
        id: 'y',
        lang: null,
        text: '@everyone '.repeat(50_000),
        url: '::::',
        publishedAt: 'not a date',
      }),
    ).not.toThrow();
    expect(index.assign(article('x', 'other')).storyId).toBe('st-x'); // same id: earlier assignment
  });

  // Constructed: three pages whose extracted body is the same boilerplate under different headlines.
  it('does not mark short items that share only a boilerplate body as near-duplicates', () => {
    const index = new StoryIndex({ gazetteer });
    const body = 'نص مُنشأ للاختبار فقط، وليس نص خبر حقيقي.\n\nالفقرة الثانية.';
    index.assign(article('a', body, { title: 'افتتاح جسر جديد في بغداد' }));
    const other = index.assign(article('b', body, { title: 'القوات الأميركية تبدأ إخلاء قاعدة عين الأسد' }));
    expect(other.duplicateOf).toBeNull();
    const same = index.assign(article('c', body, { title: 'افتتاح جسر جديد في بغداد' }));
    expect(same).toMatchObject({ duplicateOf: 'a', storyId: 'st-a' }); // identical title and body: exact copy
  });

  it('evicts by seenAt when given, so items arriving out of publication order still meet', () => {
    const index = new StoryIndex({ gazetteer, windowHours: 72 });
    index.assign(
      article('new', 'خبر عن الطقس في بغداد', {
        publishedAt: '2026-01-06T10:00:00Z',
        seenAt: '2026-02-01T10:00:00Z',
      }),
    );
    index.assign(article('a', BODY, { publishedAt: '2025-08-23T10:00:00Z', seenAt: '2026-02-01T10:01:00Z' }));
    index.evictBefore(new Date('2026-01-03T10:00:00Z')); // a publication-time window would drop 'a' here
    expect(index.size).toBe(2);
    const b = index.assign(
      article('b', `${BODY} وأضاف المتحدث أن العملية انتهت.`, { publishedAt: '2025-08-23T12:00:00Z' }),
    );
    expect(b.storyId).toBe('st-a');
    index.evictBefore(new Date('2026-02-05T00:00:00Z'));
    expect(index.size).toBe(0); // 'b' has no seenAt: it goes by its publication date
  });

  it('restore reproduces stored assignments instead of deciding again', () => {
    const index = new StoryIndex({ gazetteer });
    index.restore(article('a', BODY), {
      storyId: 'st-x',
      duplicateOf: null,
      revisionOf: null,
      score: 1,
      reasons: ['restored'],
    });
    // Stored as its own story although it would have joined 'a': restore keeps it so.
    index.restore(article('b', BODY), {
      storyId: 'st-b',
      duplicateOf: null,
      revisionOf: null,
      score: 1,
      reasons: ['restored'],
    });
    expect(index.snapshot().entries.map((e) => e.assignment.storyId)).toEqual(['st-x', 'st-b']);
    // New items are decided against the restored state: an exact copy of 'a' lands in a's stored story.
    expect(index.assign(article('c', BODY))).toMatchObject({ storyId: 'st-x', duplicateOf: 'a' });
  });
});

describe('StoryIndex with short boilerplate bodies', () => {
  // Constructed pages: different headlines over one short generic body (as a site template or a teaser would give).
  const BOILERPLATE = 'نص مُنشأ للاختبار فقط، وليس نص خبر حقيقي. الفقرة الثانية.';
  const titles = [
    'قيادة العمليات المشتركة: القوات العراقية جاهزة لتسلم المهام الأمنية',
    'البرلمان العراقي يناقش الاتفاق الأمني',
    'واشنطن تعلن تقليص قواتها في العراق',
    'وزارة الكهرباء تعلن زيادة ساعات التجهيز',
    'الطقس في العراق: أمطار متفرقة',
    'لبنان: جلسة حكومية',
    'مصدر أمني: رتل أمريكي يغادر عين الأسد باتجاه سوريا',
    'القوات الأميركية تبدأ إخلاء قاعدة عين الأسد',
  ];

  it('does not join different headlines through a shared short body', () => {
    // The pipeline's names: the base gazetteer plus the topic file, whose words ("Iraq", "US forces") are generic.
    const index = new StoryIndex({ gazetteer: loadGazetteerDir(topicsDir) });
    const stories = titles.map(
      (title, i) =>
        index.assign(article(`b${i}`, BOILERPLATE, { title, publishedAt: `2025-10-02T0${i}:30:00Z` }))
          .storyId,
    );
    expect(new Set(stories).size).toBe(titles.length);
  });

  it('still joins short items whose headlines share specific evidence', () => {
    const index = new StoryIndex({ gazetteer });
    const first = index.assign(
      article('h1', 'تفاصيل لاحقة.', {
        title: 'مغادرة 350 جنديا أمريكيا من قاعدة حرير في 15 كانون الثاني',
        publishedAt: '2026-01-15T08:00:00Z',
      }),
    );
    const second = index.assign(
      article('h2', 'المزيد قريبا.', {
        title: 'حرير: 350 جنديا أمريكيا يغادرون القاعدة في 15 كانون الثاني',
        publishedAt: '2026-01-15T09:00:00Z',
      }),
    );
    expect(second.storyId).toBe(first.storyId);
  });
});
