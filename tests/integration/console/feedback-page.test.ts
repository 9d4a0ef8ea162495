/**
 * `/feedback` as the dashboard serves it through the feedback extension: every labelled item (Arabic and English,
 * labelled from the dashboard or Discord) linked to its `/items/<id>` page, in its own language and direction,
 * with the pipeline's decision and the label counts; disagreements (posted but judged not relevant, dropped but
 * judged relevant) are marked and can be listed alone; unlabelled items are not listed.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/app/runtime.js';
import { feedbackDashboardExtension } from '../../../src/console/feedback/feedback-dashboard.js';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { saveFeedback, type FeedbackLabel } from '../../../src/store/feedback-repo.js';
import { insertItem } from '../../../src/store/items-repo.js';

interface Seed {
  id: string;
  title: string;
  language: 'ar' | 'en';
  decision: 'alert' | 'digest' | 'drop';
  labels: Array<[FeedbackLabel, 'operator' | 'discord']>;
  disagree: boolean;
}

const SEEDS: Seed[] = [
  {
    id: 'fb-ar-alert-ok',
    title: 'القوات الأمريكية تنسحب من قاعدة عين الأسد',
    language: 'ar',
    decision: 'alert',
    labels: [
      ['relevant', 'discord'],
      ['relevant', 'operator'],
    ],
    disagree: false,
  },
  {
    id: 'fb-ar-alert-wrong',
    title: 'مباراة ودية بين المنتخب العراقي والأردني',
    language: 'ar',
    decision: 'alert',
    labels: [['not_relevant', 'discord']],
    disagree: true,
  },
  {
    id: 'fb-ar-drop-missed',
    title: 'التحالف الدولي يسلم معسكر التاجي للجيش العراقي',
    language: 'ar',
    decision: 'drop',
    labels: [['relevant', 'operator']],
    disagree: true,
  },
  {
    id: 'fb-en-digest-wrong',
    title: 'Oil prices rise after OPEC meeting',
    language: 'en',
    decision: 'digest',
    labels: [
      ['not_relevant', 'operator'],
      ['not_relevant', 'discord'],
    ],
    disagree: true,
  },
  {
    id: 'fb-en-drop-ok',
    title: 'Baghdad traffic plan announced',
    language: 'en',
    decision: 'drop',
    labels: [['not_relevant', 'discord']],
    disagree: false,
  },
  {
    id: 'fb-en-alert-split',
    title: 'US forces to leave Iraq by September 2026, officials say',
    language: 'en',
    decision: 'alert',
    labels: [
      ['relevant', 'operator'],
      ['not_relevant', 'discord'],
    ],
    disagree: false,
  },
];

describe('/feedback page', () => {
  let db: Db;
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    for (const seed of [...SEEDS, { ...SEEDS[0]!, id: 'fb-unlabelled', labels: [] }]) {
      const url = `https://outlet.example/${seed.language}/${seed.id}`;
      await insertItem(db, {
        id: seed.id,
        sourceId: 'src',
        url,
        canonicalUrl: url,
        guid: null,
        title: seed.title,
        text: seed.title,
        lead: null,
        author: null,
        imageUrl: null,
        language: seed.language,
        dir: seed.language === 'ar' ? 'rtl' : 'ltr',
        publishedAt: '2025-08-23T10:00:00Z',
        modifiedAt: null,
        contentHash: `h-${seed.id}`,
        topicId: 'iraq-drawdown',
        score: seed.decision === 'drop' ? 0.2 : 0.8,
        decision: seed.decision,
        reasons: [],
        dropReason: null,
        storyId: null,
        duplicateOf: null,
      });
      for (const [k, [label, source]] of seed.labels.entries())
        expect(await saveFeedback(db, { itemId: seed.id, label, source, userId: `${source}:u${k}` })).toBe(
          true,
        );
    }
  });
  afterAll(async () => {
    await db.close();
  });

  const app = () => {
    const runtime = {
      db,
      logger,
      env: {},
      sources: new Map(),
      pipeline: { now: () => new Date('2025-08-24T00:00:00Z') },
    } as unknown as Runtime;
    const deps = { db, logger, sources: new Map(), now: () => new Date() } as unknown as DashboardDeps;
    return createDashboardApp(deps, feedbackDashboardExtension(runtime));
  };
  const rowOf = (page: string, id: string) =>
    new RegExp(`<tr data-item="${id}" data-disagree="(true|false)">([\\s\\S]*?)</tr>`).exec(page);

  it('lists every labelled item, linked to its item page, in its own direction', async () => {
    const res = await app().request('http://localhost/feedback');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('href="/feedback"'); // in the navigation
    for (const seed of SEEDS) {
      const row = rowOf(page, seed.id);
      expect(row, seed.id).not.toBeNull();
      const cells = row![2]!;
      expect(cells, seed.id).toContain(`href="/items/${seed.id}"`);
      expect(cells, seed.id).toContain(
        `lang="${seed.language}" dir="${seed.language === 'ar' ? 'rtl' : 'ltr'}"`,
      );
      expect(cells, seed.id).toContain(seed.title);
      expect(cells, seed.id).toContain(`badge-${seed.decision}`);
      const relevant = seed.labels.filter(([l]) => l === 'relevant').length;
      expect(cells, seed.id).toContain(`data-relevant="${relevant}"`);
      expect(cells, seed.id).toContain(`data-not-relevant="${seed.labels.length - relevant}"`);
      expect(row![1], seed.id).toBe(String(seed.disagree));
    }
    expect(rowOf(page, 'fb-unlabelled')).toBeNull();
  });

  it('lists only the disagreements when asked', async () => {
    const page = await (await app().request('http://localhost/feedback?only=disagree')).text();
    for (const seed of SEEDS) expect(rowOf(page, seed.id) !== null, seed.id).toBe(seed.disagree);
    expect(page).toContain('href="/feedback"'); // back to all
  });

  it('a form post returns to the page it came from, never to another site', async () => {
    const post = (back: string | null) =>
      app().request('http://localhost/feedback/fb-unlabelled', {
        method: 'POST',
        headers: {
          origin: 'http://localhost',
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: `label=relevant${back === null ? '' : `&back=${encodeURIComponent(back)}`}`,
      });
    for (const back of [
      '/stories',
      '/stories?decision=alert&limit=5',
      '/items?q=%D8%A7%D9%86%D8%B3%D8%AD%D8%A7%D8%A8',
    ]) {
      const res = await post(back);
      expect(res.status, back).toBe(303);
      expect(res.headers.get('location'), back).toBe(back);
    }
    for (const back of [
      null,
      '',
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/a b',
      '/x\r\nSet-Cookie: a=b',
      'stories',
    ]) {
      const res = await post(back);
      expect(res.status, String(back)).toBe(303);
      expect(res.headers.get('location'), String(back)).toBe('/feedback');
    }
    // The label was stored once (one operator), and the page lists it.
    const page = await (await app().request('http://localhost/feedback')).text();
    expect(rowOf(page, 'fb-unlabelled')?.[2]).toContain('data-relevant="1"');
  });

  it('takes a post from its own pages (Origin null, Sec-Fetch-Site same-origin), not from another site', async () => {
    const post = (headers: Record<string, string>) =>
      app().request('http://localhost/feedback/fb-en-drop-ok', {
        method: 'POST',
        headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'label=not_relevant&back=%2Ffeedback',
      });
    expect((await post({ origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    const refused: Array<Record<string, string>> = [
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'http://localhost.evil.example', 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of refused) expect((await post(headers)).status, JSON.stringify(headers)).toBe(403);
  });

  it('says how to label when nothing is labelled', async () => {
    const empty = await openDb({ dataDir: 'memory://' });
    try {
      const runtime = { db: empty, logger, env: {}, sources: new Map(), pipeline: { now: () => new Date() } };
      const deps = {
        db: empty,
        logger,
        sources: new Map(),
        now: () => new Date(),
      } as unknown as DashboardDeps;
      const res = await createDashboardApp(
        deps,
        feedbackDashboardExtension(runtime as unknown as Runtime),
      ).request('http://localhost/feedback');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('id="feedback-empty"');
    } finally {
      await empty.close();
    }
  });
});
