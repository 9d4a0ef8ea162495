/**
 * Keyset pages of /items and /stories on both databases: walking every page forward and back yields each
 * matching row exactly once in sort order; filters and search apply before the page is cut; forged cursors are
 * ignored.
 */
import { describe, expect, inject, it } from 'vitest';
import { openDb, type Db } from '../../../src/store/db.js';
import {
  countItems,
  decodeCursor,
  encodeCursor,
  pageStories,
  SEARCH_WINDOW,
  type ItemListFilter,
  type ItemSort,
} from '../../../src/store/console-lists.js';
import {
  pageConsoleItems,
  STORY_COLUMNS,
  toStoryRecord,
  type ConsoleItem,
} from '../../../src/store/console-queries.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-01T00:00:00Z');
const SOURCES = ['rudaw-ar', 'shafaq-en', 'alsumaria'];
const DECISIONS = ['alert', 'digest', 'drop', 'drop', 'drop'];
const TITLES_AR = [
  'انسحاب القوات الأمريكية من عين الأسد',
  'الإطار التنسيقي يناقش الموازنة',
  'مباراة الزوراء',
];
const TITLES_EN = ['US troops leave Ain al-Asad', 'Coalition drawdown timeline', 'Football results'];

interface Row {
  id: string;
  source: string;
  language: string;
  decision: string;
  story: string | null;
  fetchedAt: number;
  publishedAt: number | null;
  score: number | null;
  title: string;
}

/** 137 items, several sharing a fetched_at (ties broken by id), some without date or score. */
function rows(): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < 137; i++) {
    const ar = i % 2 === 0;
    out.push({
      id: `it-${String(i).padStart(4, '0')}`,
      source: SOURCES[i % 3] as string,
      language: ar ? 'ar' : 'en',
      decision: DECISIONS[i % 5] as string,
      story: i % 4 === 0 ? `st-${i % 12}` : null,
      fetchedAt: T0 + Math.floor(i / 3) * HOUR, // three items per hour: ties
      publishedAt: i % 7 === 0 ? null : T0 - (i % 11) * HOUR,
      score: i % 9 === 0 ? null : ((i * 37) % 100) / 100,
      title: (ar ? TITLES_AR : TITLES_EN)[i % 3] as string,
    });
  }
  return out;
}

async function seed(db: Db, data: Row[]) {
  const stories = [...new Set(data.map((r) => r.story).filter((s): s is string => s !== null))];
  for (const [n, id] of stories.entries())
    await db.query(
      `insert into stories (id, title, decision, last_seen_at, first_seen_at, best_score, item_count)
       values ($1, $1, $2, $3, $3, $4, $5)`,
      [id, DECISIONS[n % 3], new Date(T0 + n * HOUR).toISOString(), n / 20, n + 1],
    );
  for (const r of data)
    await db.query(
      `insert into items (id, source_id, url, canonical_url, title, text, language, decision, story_id, fetched_at,
         published_at, score, reasons)
       values ($1, $2, $3, $3, $4, 'body', $5, $6, $7, $8, $9, $10, '[]')`,
      [
        r.id,
        r.source,
        `https://x.example/${r.id}`,
        r.title,
        r.language,
        r.decision,
        r.story,
        new Date(r.fetchedAt).toISOString(),
        r.publishedAt === null ? null : new Date(r.publishedAt).toISOString(),
        r.score,
      ],
    );
}

const keyOf: Record<ItemSort, (r: Row) => number> = {
  seen: (r) => r.fetchedAt,
  published: (r) => r.publishedAt ?? r.fetchedAt,
  score: (r) => (r.score === null ? -Infinity : Math.fround(r.score)),
};

function expected(data: Row[], match: (r: Row) => boolean, sort: ItemSort, dir: 'asc' | 'desc'): string[] {
  const sign = dir === 'desc' ? -1 : 1;
  return data
    .filter(match)
    .sort((a, b) => sign * (keyOf[sort](a) - keyOf[sort](b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .map((r) => r.id);
}

async function walk(db: Db, filter: ItemListFilter, sort: ItemSort, dir: 'asc' | 'desc', limit: number) {
  const seen: string[] = [];
  const pages: Array<{ ids: string[]; prev: string | null }> = [];
  let after: string | undefined;
  for (let guard = 0; guard < 200; guard++) {
    const page = await pageConsoleItems(db, filter, { sort, direction: dir, after, limit });
    const ids = page.rows.map((i: ConsoleItem) => i.id);
    pages.push({ ids, prev: page.prev });
    seen.push(...ids);
    if (!page.next) break;
    after = page.next;
  }
  return { seen, pages };
}

async function check(db: Db) {
  const data = rows();
  await seed(db, data);
  const cases: Array<{ filter: ItemListFilter; match: (r: Row) => boolean }> = [
    { filter: {}, match: () => true },
    { filter: { decision: 'alert' }, match: (r) => r.decision === 'alert' },
    {
      filter: { sourceId: 'rudaw-ar', language: 'ar' },
      match: (r) => r.source === 'rudaw-ar' && r.language === 'ar',
    },
    { filter: { storyId: 'st-4' }, match: (r) => r.story === 'st-4' },
    {
      filter: { from: new Date(T0 + 10 * HOUR), to: new Date(T0 + 20 * HOUR) },
      match: (r) => r.fetchedAt >= T0 + 10 * HOUR && r.fetchedAt < T0 + 20 * HOUR,
    },
    // Search folds Arabic letter forms: الاسد finds الأسد; English is case-insensitive.
    { filter: { text: 'الاسد' }, match: (r) => r.title.includes('الأسد') },
    { filter: { text: 'ain AL-asad' }, match: (r) => r.title.includes('Ain al-Asad') },
    {
      filter: { text: 'drawdown', decision: 'drop' },
      match: (r) => r.title.includes('drawdown') && r.decision === 'drop',
    },
  ];
  for (const { filter, match } of cases)
    for (const sort of ['seen', 'published', 'score'] as const)
      for (const dir of ['desc', 'asc'] as const) {
        const want = expected(data, match, sort, dir);
        const { seen, pages } = await walk(db, filter, sort, dir, 7);
        expect(seen, `${JSON.stringify(filter)} ${sort} ${dir}`).toEqual(want);
        expect((await countItems(db, filter)).n).toBe(want.length);
        // Going back from the last page with `before` gives the page before it, exactly.
        if (pages.length >= 2) {
          const last = pages[pages.length - 1];
          const back = await pageConsoleItems(db, filter, {
            sort,
            direction: dir,
            before: last?.prev ?? undefined,
            limit: 7,
          });
          expect(back.rows.map((i) => i.id)).toEqual(pages[pages.length - 2]?.ids);
        }
      }

  // The first page of a filtered list is full: the filter runs before the LIMIT.
  const alerts = await pageConsoleItems(
    db,
    { decision: 'alert' },
    { sort: 'seen', direction: 'desc', limit: 5 },
  );
  expect(alerts.rows).toHaveLength(5);
  expect(alerts.rows.every((i) => i.decision === 'alert')).toBe(true);
  expect(alerts.prev).toBeNull();

  // Forged or foreign cursors start from the top instead of reaching SQL.
  const top = await pageConsoleItems(db, {}, { sort: 'seen', direction: 'desc', limit: 3 });
  for (const forged of [
    'not base64 at all!!',
    encodeCursor({ key: "2026-01-01'; drop table items; --", id: 'x' }),
    encodeCursor({ key: '0.5', id: 'it-0001' }), // a score cursor given to a time sort
    Buffer.from('{"a":1}').toString('base64url'),
    encodeCursor({ key: '2026-11-01 00:00:00+00', id: "it' or '1'='1" }),
  ]) {
    const page = await pageConsoleItems(db, {}, { sort: 'seen', direction: 'desc', after: forged, limit: 3 });
    expect(page.rows.map((i) => i.id)).toEqual(top.rows.map((i) => i.id));
  }
  expect(decodeCursor(encodeCursor({ key: '-Infinity', id: 'a' }), 'real')).toEqual({
    key: '-Infinity',
    id: 'a',
  });

  // A search beyond the first window of rows: a rare word only in old rows, a common word in every new row.
  await db.query(
    `insert into items (id, source_id, url, canonical_url, title, text, language, fetched_at, reasons, decision)
     select 'zz-' || lpad(g::text, 5, '0'), 'filler', 'https://f.example/' || g, 'https://f.example/' || g,
       case when g <= 3 then 'خبر نادر جدا' else 'Filler headline ' || g end, 'filler body', 'ar',
       $1::timestamptz + (g * interval '1 minute'), '[]', 'drop'
     from generate_series(1, $2::int) g`,
    [new Date(T0 + 1000 * HOUR).toISOString(), SEARCH_WINDOW + 150],
  );
  const rare = await walk(db, { text: 'نادر' }, 'seen', 'desc', 7);
  expect(rare.seen).toEqual(['zz-00003', 'zz-00002', 'zz-00001']);
  const rareInSource = await pageConsoleItems(
    db,
    { text: 'نادر', sourceId: 'filler' },
    { sort: 'seen', direction: 'asc', limit: 2 },
  );
  expect(rareInSource.rows.map((i) => i.id)).toEqual(['zz-00001', 'zz-00002']);
  const common = await pageConsoleItems(
    db,
    { text: 'FILLER' },
    { sort: 'seen', direction: 'desc', limit: 7 },
  );
  const newest = SEARCH_WINDOW + 150;
  expect(common.rows.map((i) => i.id)).toEqual(
    Array.from({ length: 7 }, (_, k) => `zz-${String(newest - k).padStart(5, '0')}`),
  );
  expect((await countItems(db, { text: 'filler' })).n).toBe(1001); // a search counts to 1,000 at most
  expect(await countItems(db, { text: 'نادر' })).toEqual({ n: 3, cap: 1000 });

  // Stories: decision and source filters before the limit, every story reachable by paging.
  const storyIds: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await pageStories(
      db,
      STORY_COLUMNS,
      {},
      { sort: 'last', direction: 'desc', after, limit: 5 },
      toStoryRecord,
    );
    storyIds.push(...page.rows.map((s) => s.id));
    if (!page.next) break;
    after = page.next;
  }
  const allStories = [...new Set(data.map((r) => r.story).filter((s): s is string => s !== null))];
  expect(storyIds).toHaveLength(allStories.length);
  expect(new Set(storyIds)).toEqual(new Set(allStories));
  const bySource = await pageStories(
    db,
    STORY_COLUMNS,
    { sourceId: 'shafaq-en' },
    { sort: 'items', direction: 'desc', limit: 50 },
    toStoryRecord,
  );
  const wantStories = new Set(data.filter((r) => r.story && r.source === 'shafaq-en').map((r) => r.story));
  expect(new Set(bySource.rows.map((s) => s.id))).toEqual(wantStories);
  const counts = bySource.rows.map((s) => s.itemCount);
  expect(counts).toEqual([...counts].sort((a, b) => b - a));
  const searched = await pageStories(
    db,
    STORY_COLUMNS,
    { text: 'عين الاسد' },
    { sort: 'last', direction: 'desc', limit: 50 },
    toStoryRecord,
  );
  const wantSearched = new Set(
    data.filter((r) => r.story && r.title.includes('عين الأسد')).map((r) => r.story),
  );
  expect(new Set(searched.rows.map((s) => s.id))).toEqual(wantSearched);
}

describe('console list pages (keyset)', () => {
  it('work on PGlite', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      await check(db);
    } finally {
      await db.close();
    }
  }, 120_000);

  const postgresUrl = inject('postgresUrl');
  it.skipIf(!postgresUrl)(
    'work on PostgreSQL',
    async () => {
      const schema = `console_lists_${Date.now().toString(36)}_${process.pid}`;
      const db = await openDb({ databaseUrl: postgresUrl as string, schema });
      try {
        await check(db);
      } finally {
        await db.query(`drop schema ${schema} cascade`);
        await db.close();
      }
    },
    120_000,
  );
});
