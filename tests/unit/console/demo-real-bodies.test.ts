import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoEnv, startDemoServer } from '../../../src/console/cli/commands/demo.js';
import { loadEnv } from '../../../src/config/env.js';
import { startFixtureServer } from '../../../src/console/demo/fixture-server.js';
import {
  createBodyFiller,
  excerptParagraphs,
  excerptsReportingServedPages,
  type CorpusExcerpt,
} from '../../../src/console/demo/real-bodies.js';

const dir = mkdtempSync(join(tmpdir(), 'raqib-demo-bodies-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const page = (title: string, lang: string, body: string[]) =>
  `<html lang="${lang}"><head><title>${title}</title><meta property="og:description" content="${
    lang === 'ar' ? 'ملخص مُنشأ للاختبار 1.' : 'Constructed test summary 1.'
  }"></head><body><article><h1>${title}</h1><div class="body">\n${body.map((p) => `<p>${p}</p>`).join('\n')}\n</div></article></body></html>`;

const excerpts: CorpusExcerpt[] = [
  {
    id: 'a1',
    lang: 'ar',
    label: 1,
    text: 'رتل أمريكي يغادر قاعدة عين الأسد باتجاه سوريا. وقال مصدر أمني إن الرتل ضم عشرات الآليات.',
  },
  {
    id: 'a2',
    lang: 'ar',
    label: 1,
    text: 'date 2025-09-02 تسليم قاعدة عين الأسد إلى القوات العراقية بعد انسحاب التحالف الدولي منها رسميا.\nالرئيسية\nوأضاف المتحدث أن الجدول الزمني يمتد حتى نهاية العام',
  },
  {
    id: 'a0',
    lang: 'ar',
    label: 0,
    text: 'أسعار النفط تستقر في الأسواق العالمية مع ترقب قرارات أوبك بشأن الإنتاج في الشهر المقبل.',
  },
  {
    id: 'e1',
    lang: 'en',
    label: 1,
    text: 'US troops began leaving Ain al-Asad air base on Monday, a security source said. The convoy headed to Syria.',
  },
  {
    id: 'e0',
    lang: 'en',
    label: 0,
    text: 'Oil prices held steady on Tuesday as traders awaited the next OPEC decision on output levels.',
  },
];

function fixture(name: string, text: string): string {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const files = [
  fixture(
    'a/article-1.html',
    page('رتل أمريكي يغادر عين الأسد باتجاه سوريا', 'ar', [
      'نص مُنشأ للاختبار فقط، وليس نص خبر حقيقي.',
      'الفقرة الثانية.',
    ]),
  ),
  fixture('a/article-2.html', page('أسعار النفط تستقر', 'ar', ['نص مُنشأ للاختبار فقط.'])),
  fixture(
    'b/article-1.html',
    page('US troops leave Ain al-Asad', 'en', [
      'Constructed test text, not a real article.',
      'Second paragraph.',
    ]),
  ),
  fixture(
    'b/article-2.html',
    page('Oil prices steady', 'en', ['Constructed test text, not a real article.']),
  ),
  fixture(
    'b/feed.xml',
    `<rss><channel><title>Outlet B</title><item><title>US troops leave Ain al-Asad</title><description><![CDATA[<p>Constructed test summary 1.</p>]]></description></item><item><title>Oil prices steady</title><description>Constructed test summary 2.</description></item></channel></rss>`,
  ),
  fixture(
    'seed/article-1.html',
    '<html lang="en"><head><title>Seed headline</title></head><body><p>A real seed paragraph.</p></body></html>',
  ),
];
const onTopic = (headline: string) => !/نفط|Oil/u.test(headline);
const filler = createBodyFiller(files, excerpts, { onTopic });
const { readFileSync } = await import('node:fs');
const served = (file: string) => filler.fill(readFileSync(file, 'utf8'), file);

describe('demo real bodies', () => {
  it('gives each constructed headline an excerpt of its language and topicality, each excerpt once', () => {
    expect(Object.fromEntries(filler.assignments)).toEqual({
      'رتل أمريكي يغادر عين الأسد باتجاه سوريا': 'a1',
      'أسعار النفط تستقر': 'a0',
      'US troops leave Ain al-Asad': 'e1',
      'Oil prices steady': 'e0',
    });
    expect(new Set(filler.assignments.values()).size).toBe(filler.assignments.size);
  });

  it.each(files.slice(0, 5).map((f) => [f.slice(dir.length + 1), f]))(
    'leaves no placeholder text in %s',
    (_name, file) => {
      const text = served(file);
      expect(text).not.toMatch(/مُنشأ للاختبار|[Cc]onstructed test|الفقرة الثانية|Second paragraph/u);
    },
  );

  it('puts the excerpt in the article body and its first sentences in the summaries', () => {
    const ar = served(files[0] as string);
    expect(ar).toContain(
      '<p>رتل أمريكي يغادر قاعدة عين الأسد باتجاه سوريا. وقال مصدر أمني إن الرتل ضم عشرات الآليات.</p>',
    );
    expect(ar).toContain('content="رتل أمريكي يغادر قاعدة عين الأسد باتجاه سوريا. وقال مصدر أمني');
    const feed = served(files[4] as string);
    expect(feed).toContain(
      '<p>US troops began leaving Ain al-Asad air base on Monday, a security source said.',
    );
    expect(feed).toContain('Oil prices held steady on Tuesday');
    expect(served(files[3] as string)).toContain('OPEC');
  });

  it('does not touch pages without placeholders (seed pages)', () => {
    const file = files[5] as string;
    expect(served(file)).toBe(readFileSync(file, 'utf8'));
  });

  it('cleans an excerpt: no date stamp, no short navigation lines, no sentence cut off', () => {
    expect(excerptParagraphs(excerpts[1]?.text ?? '')).toEqual([
      'تسليم قاعدة عين الأسد إلى القوات العراقية بعد انسحاب التحالف الدولي منها رسميا.',
    ]);
    expect(
      excerptParagraphs('Short\nA long enough first paragraph of the article text. And a cut-off sec'),
    ).toEqual(['A long enough first paragraph of the article text.']);
  });
});

describe('excerpts that report a served page', () => {
  const seedText =
    'كشف مصدر أمني عراقي اليوم الثلاثاء أن آخر جندي أمريكي سيغادر قاعدة عين الأسد في محافظة الأنبار غربي البلاد منتصف أيلول المقبل لتغلق بعدها مقرات التحالف الدولي';
  const corpus: CorpusExcerpt[] = [
    { id: 'copy', lang: 'ar', label: 1, story: 'last-soldier', text: `date 2025-08-19 شفق نيوز ${seedText}` },
    {
      id: 'same-event',
      lang: 'en',
      label: 1,
      story: 'last-soldier',
      text: 'The last US soldier will leave Ain al-Asad.',
    },
    { id: 'other', lang: 'ar', label: 1, story: 'convoy', text: excerpts[0]!.text },
    { id: 'unlabelled', lang: 'ar', label: 0, text: excerpts[2]!.text },
  ];

  it('excludes copies of a served page and the other reports of their event', () => {
    const page = `<html><body><article><p>${seedText}</p><p>وأضاف المصدر أن الموعد نهائي.</p></article></body></html>`;
    expect([...excerptsReportingServedPages(corpus, [page])].sort()).toEqual(['copy', 'same-event']);
    expect(excerptsReportingServedPages(corpus, []).size).toBe(0);
  });

  it('never serves such an excerpt as a constructed body', () => {
    const seedPage = fixture('s/article-1.html', `<html><body><p>${seedText}</p></body></html>`);
    const constructed = fixture(
      's/article-2.html',
      page('آخر جندي أمريكي يغادر قاعدة عين الأسد', 'ar', ['نص مُنشأ للاختبار فقط.']),
    );
    const assigned = createBodyFiller([seedPage, constructed], corpus, { onTopic: () => true }).assignments;
    expect([...assigned.values()]).toEqual(['other']);
  });
});

describe('demo --keep port', () => {
  const start = (port: number) => startFixtureServer(new Map(), [], port);

  it('reuses the previous port with --keep, a new one without', async () => {
    const data = join(dir, 'keep');
    const first = await startDemoServer(data, 0, false, start);
    const port = new URL(first.origin).port;
    await first.close();
    const again = await startDemoServer(data, 0, true, start);
    expect(new URL(again.origin).port).toBe(port);
    await again.close();
  });

  it('names the port when the previous one is taken', async () => {
    const data = join(dir, 'busy');
    const first = await startDemoServer(data, 0, false, start);
    await expect(startDemoServer(data, 0, true, start)).rejects.toThrow(
      new RegExp(`port ${new URL(first.origin).port} of the previous run is in use`),
    );
    await first.close();
  });

  it('rejects a port that is not a number', async () => {
    await expect(startDemoServer(join(dir, 'bad'), Number('x'), false, start)).rejects.toThrow(/not a port/);
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    blocker.close();
  });
});

describe('demo logs', () => {
  it('logs only warnings and errors by default, so the alert previews stand out; LOG_LEVEL still works', () => {
    expect(loadEnv(demoEnv({})).LOG_LEVEL).toBe('warn');
    expect(loadEnv(demoEnv({ LOG_LEVEL: 'info' })).LOG_LEVEL).toBe('info');
    expect(loadEnv(demoEnv({ DATA_DIR: '/tmp/x' })).DATA_DIR).toBe('/tmp/x/demo');
  });
});
