/**
 * Dashboard list benchmark: `npm run bench:console -- [--items 100000] [--runs 20] [--database-url URL] [--json]`.
 * Fills a fresh PostgreSQL schema (dropped at the end) with N items across 40 sources, two languages and N/10
 * stories (titles and ~1.5 KB texts in Arabic and English, generated in SQL, seeded), then requests /items and
 * /stories pages through the real dashboard app (query + HTML rendering, no network) for several filter and
 * sort combinations. Each run follows the "next" cursor from the previous page (up to 10 deep, then starts over),
 * so deep pages are measured too. Prints p50/p95/max per combination; the target is < 300 ms per page.
 * --keep leaves the schema in place (for EXPLAIN); --reuse <schema> measures a kept one again without filling.
 * Database: --database-url, else DATABASE_URL, TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/test.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createDashboardApp, type DashboardDeps } from '../src/console/web/app.js';
import { openDb } from '../src/store/db.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '20' },
    'database-url': { type: 'string' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const N = Math.max(1000, Math.trunc(Number(values.items)));
const RUNS = Math.max(3, Math.trunc(Number(values.runs)));
const url =
  values['database-url'] ??
  process.env.DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const reuse = values.reuse && /^bench_console_[a-z0-9]+$/.test(values.reuse) ? values.reuse : undefined;
const schema = reuse ?? `bench_console_${Date.now().toString(36)}`;

const AR_WORDS = [
  'انسحاب',
  'القوات',
  'الأمريكية',
  'التحالف',
  'قاعدة',
  'عين',
  'الأسد',
  'بغداد',
  'أربيل',
  'الحكومة',
  'البرلمان',
  'الموازنة',
  'الانتخابات',
  'الحشد',
  'الشعبي',
  'مباراة',
  'الاقتصاد',
  'النفط',
  'الكهرباء',
  'المياه',
];
const EN_WORDS = [
  'withdrawal',
  'troops',
  'coalition',
  'base',
  'Ain',
  'al-Asad',
  'Baghdad',
  'Erbil',
  'government',
  'parliament',
  'budget',
  'election',
  'militia',
  'football',
  'economy',
  'oil',
  'electricity',
  'water',
  'drawdown',
  'Pentagon',
];
const sqlArray = (words: string[]) => `array[${words.map((w) => `'${w.replace(/'/g, "''")}'`).join(',')}]`;

/** A phrase of `count` words picked by hashing (g, position): deterministic, varied. */
const phrase = (words: string, count: number, salt: string) =>
  `array_to_string(array(select (${words})[1 + abs(hashtext(g::text || '${salt}' || k::text)) % 20]
     from generate_series(1, ${count}) k), ' ')`;

async function fill(db: Awaited<ReturnType<typeof openDb>>) {
  const stories = Math.max(1, Math.floor(N / 10));
  const start = Date.now();
  await db.query(
    `insert into stories (id, topic_id, title, lang, first_seen_at, last_seen_at, item_count, best_score, decision)
     select 'st-' || g, 'iraq', 'story ' || g, case when g % 2 = 0 then 'ar' else 'en' end,
       now() - (g * interval '4 minutes') - interval '1 hour', now() - (g * interval '4 minutes'),
       1 + abs(hashtext(g::text)) % 12, (abs(hashtext(g::text || 's')) % 100) / 100.0,
       case when g % 10 < 2 then 'alert' when g % 10 < 5 then 'digest' else 'drop' end
     from generate_series(1, ${stories}) g`,
  );
  const ar = sqlArray(AR_WORDS);
  const en = sqlArray(EN_WORDS);
  const batch = 20_000;
  for (let from = 1; from <= N; from += batch) {
    const to = Math.min(N, from + batch - 1);
    await db.query(
      `insert into items (id, source_id, url, canonical_url, title, text, language, dir, published_at, fetched_at,
         topic_id, score, decision, reasons, drop_reason, drop_kind, story_id, duplicate_of, revision)
       select 'it-' || lpad(g::text, 7, '0'), 'src-' || (g % 40),
         'https://outlet' || (g % 40) || '.example/news/' || g, 'https://outlet' || (g % 40) || '.example/news/' || g,
         case when g % 2 = 0 then ${phrase(ar, 8, 't')} else ${phrase(en, 9, 't')} end,
         case when g % 2 = 0 then ${phrase(ar, 220, 'x')} else ${phrase(en, 240, 'x')} end,
         case when g % 2 = 0 then 'ar' else 'en' end, case when g % 2 = 0 then 'rtl' else 'ltr' end,
         case when g % 13 = 0 then null else now() - (g * interval '25 seconds') - interval '20 minutes' end,
         now() - (g * interval '25 seconds'),
         'iraq', case when g % 17 = 0 then null else (abs(hashtext(g::text || 'score')) % 1000) / 1000.0 end,
         case when g % 20 = 0 then 'alert' when g % 20 < 4 then 'digest' else 'drop' end,
         '[{"kind":"place","label":"place: Ain al-Asad","weight":0.3},{"kind":"negative","label":"negative: sports","weight":-0.2}]'::jsonb,
         case when g % 20 >= 4 then 'below threshold' end, case when g % 20 >= 4 then 'below-threshold' end,
         case when g % 3 = 0 then 'st-' || (1 + g % ${stories}) end,
         case when g % 29 = 0 and g > 1 then 'it-' || lpad((g - 1)::text, 7, '0') end, 1
       from generate_series(${from}, ${to}) g`,
    );
  }
  await db.query('analyze items');
  await db.query('analyze stories');
  return Date.now() - start;
}

interface Combo {
  name: string;
  path: string;
}

const COMBOS: Combo[] = [
  { name: 'items: newest first', path: '/items' },
  { name: 'items: decision=alert', path: '/items?decision=alert' },
  { name: 'items: source + language', path: '/items?source=src-8&lang=ar' },
  { name: 'items: sort by score', path: '/items?sort=score' },
  { name: 'items: published, oldest first', path: '/items?sort=published&dir=asc' },
  { name: 'items: 3-day range + drop', path: '/items?from=DAY1&to=DAY3&decision=drop' },
  { name: 'items: story', path: '/items?story=st-123' },
  { name: 'items: search (common, Arabic)', path: `/items?q=${encodeURIComponent('الاسد')}` },
  { name: 'items: search (rare)', path: `/items?q=${encodeURIComponent('it-0000777')}` },
  { name: 'items: search + language + sort score', path: `/items?q=pentagon&lang=en&sort=score` },
  { name: 'stories: last seen', path: '/stories' },
  { name: 'stories: decision=alert', path: '/stories?decision=alert' },
  { name: 'stories: source + sort by items', path: '/stories?source=src-3&sort=items' },
  { name: 'stories: search', path: `/stories?q=${encodeURIComponent('عين الأسد')}` },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

async function main() {
  const db = await openDb({ databaseUrl: url, schema });
  const results: Array<{ name: string; p50: number; p95: number; max: number; rows: number }> = [];
  try {
    const fillMs = reuse ? 0 : await fill(db);
    if (!values.json && !reuse)
      console.log(`filled ${N} items, ${Math.floor(N / 10)} stories in ${fillMs} ms (schema ${schema})`);
    const sources = new Map(
      Array.from({ length: 40 }, (_, i) => [
        `src-${i}`,
        { id: `src-${i}`, name: `Outlet ${i}`, language: i % 2 ? 'en' : 'ar' },
      ]),
    );
    const deps = {
      db,
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      sources,
      topics: [{ id: 'iraq', thresholds: { alert: 0.7, digest: 0.45 } }],
    } as unknown as DashboardDeps;
    const app = createDashboardApp(deps);
    const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
    for (const combo of COMBOS) {
      const base = combo.path.replace('DAY1', day(4)).replace('DAY3', day(2));
      const times: number[] = [];
      let path = base;
      let depth = 0;
      let rows = 0;
      await app.request(base); // warm-up
      for (let run = 0; run < RUNS; run++) {
        const t = performance.now();
        const res = await app.request(path);
        const body = await res.text();
        times.push(performance.now() - t);
        if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
        if (run === 0 && path === base && combo.path === '/items' && !/<tr id="item-/.test(body))
          throw new Error('no items in the schema: nothing to measure');
        if (run === 0) rows = (body.match(/<tr id="item-|id="story-/g) ?? []).length;
        const next = body.match(/rel="next" data-page="next" href="([^"]+)"/)?.[1]?.replace(/&amp;/g, '&');
        depth++;
        if (next && depth < 10) path = next;
        else {
          path = base;
          depth = 0;
        }
      }
      times.sort((a, b) => a - b);
      const r = {
        name: combo.name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        max: times[times.length - 1] ?? NaN,
        rows,
      };
      results.push(r);
      if (!values.json)
        console.log(
          `${r.name.padEnd(40)} p50 ${r.p50.toFixed(1).padStart(7)} ms  p95 ${r.p95.toFixed(1).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  (${r.rows} rows on page 1)`,
        );
    }
  } finally {
    if (values.keep)
      console.log(`kept schema ${schema} (--keep): drop it with drop schema ${schema} cascade`);
    else await db.query(`drop schema ${schema} cascade`);
    await db.close();
  }
  const worst = Math.max(...results.map((r) => r.p95));
  if (values.json) console.log(JSON.stringify({ items: N, runs: RUNS, results, worstP95: worst }, null, 2));
  else
    console.log(
      `worst p95 ${worst.toFixed(1)} ms (target < 300 ms per page): ${worst < 300 ? 'met' : 'NOT met'}`,
    );
}

await main();
