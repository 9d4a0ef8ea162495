/**
 * Truthful crawl status end to end: `runCrawl` on PGlite with an HTTP client that answers per URL (404, 500, 304,
 * feeds and sitemaps in Arabic and English), then the stored `crawls.status`, `raqib_crawls_total{status}`, the
 * /sources table ("(n failed)", "unchanged since") and the per-source history page.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics, type Metrics } from '../../../src/app/metrics/metrics.js';
import type { Source } from '../../../src/config/source-schema.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import { FetchError } from '../../../src/fetch/http/fetch-error.js';
import type { FetchTextResult, HttpClient } from '../../../src/fetch/http/http-types.js';
import { runCrawl } from '../../../src/pipeline/crawl/run-crawl.js';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { listCrawlHistory, syncSources } from '../../../src/store/sources-repo.js';

const HOST = 'outlet.example';

function rss(entries: Array<[string, string]>): string {
  const items = entries
    .map(
      ([title, path]) =>
        `<item><title>${title}</title><link>https://${HOST}${path}</link><pubDate>Wed, 10 Sep 2025 10:00:00 GMT</pubDate></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>${items}</channel></rss>`;
}

function sitemap(paths: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths
    .map((p) => `<url><loc>https://${HOST}${p}</loc><lastmod>2025-09-10T10:00:00Z</lastmod></url>`)
    .join('')}</urlset>`;
}

type Answer = number | 'not-modified' | { type: 'xml'; text: string };

/** Per URL, a queue of answers (the last one repeats): a status number fails with that HTTP status. */
function scriptedHttp(script: Record<string, Answer[]>): HttpClient {
  const calls = new Map<string, number>();
  return {
    async fetchText(url): Promise<FetchTextResult> {
      const answers = script[url];
      if (!answers) throw new FetchError('network', url, 'ECONNREFUSED');
      const n = calls.get(url) ?? 0;
      calls.set(url, n + 1);
      const answer = answers[Math.min(n, answers.length - 1)]!;
      if (answer === 'not-modified') return { kind: 'not-modified', url, finalUrl: url, reason: 'http-304' };
      if (typeof answer === 'number')
        throw new FetchError('http-status', url, `HTTP ${answer}`, { status: answer });
      return {
        kind: 'ok',
        url,
        finalUrl: url,
        status: 200,
        contentType: 'application/xml',
        text: answer.text,
        bytes: answer.text.length,
        charset: 'utf-8',
      };
    },
    close: async () => undefined,
  };
}

function source(id: string, language: string, layers: Array<['feed' | 'sitemap', string]>): Source {
  const yaml = `name: ${id}
language: ${language}
allowedHosts: [${HOST}]
fetch:
${layers.map(([type, path]) => `  - type: ${type}\n    url: https://${HOST}${path}`).join('\n')}
`;
  return { ...parseSourceFile(`selectors/${id}.yaml`, yaml), id };
}

const url = (path: string) => `https://${HOST}${path}`;
const feedAr = rss([
  ['انسحاب القوات الأمريكية من قاعدة عين الأسد', '/ar/1'],
  ['التحالف الدولي يسلم مقراً للجيش العراقي', '/ar/2'],
]);
const feedEn = rss([
  ['US troops leave Baghdad base', '/en/1'],
  ['Coalition hands over Erbil site', '/en/2'],
  ['Drawdown timeline confirmed', '/en/3'],
]);

describe('truthful crawl status', () => {
  let db: Db;
  let metrics: Metrics;
  let clock = Date.parse('2025-09-10T12:00:00Z');
  const sources = new Map(
    [
      // Every layer fails.
      source('gone-en', 'en', [['feed', '/gone-en/feed.xml']]),
      source('gone-ar', 'ar', [
        ['feed', '/gone-ar/feed.xml'],
        ['sitemap', '/gone-ar/sitemap.xml'],
      ]),
      // Content first, then 304s.
      source('same-ar', 'ar', [['feed', '/same-ar/feed.xml']]),
      source('same-en', 'en', [['feed', '/same-en/feed.xml']]),
      // The first layer fails or is empty, a later one serves.
      source('mixed-ar', 'ar', [
        ['feed', '/mixed-ar/feed.xml'],
        ['sitemap', '/mixed-ar/sitemap.xml'],
      ]),
      source('mixed-en', 'en', [
        ['feed', '/mixed-en/feed.xml'],
        ['sitemap', '/mixed-en/sitemap.xml'],
      ]),
      // Served by its first layer.
      source('fine-en', 'en', [['feed', '/fine-en/feed.xml']]),
    ].map((s) => [s.id, s]),
  );
  const http = scriptedHttp({
    [url('/gone-en/feed.xml')]: [404],
    [url('/gone-ar/feed.xml')]: [404],
    [url('/gone-ar/sitemap.xml')]: [500],
    [url('/same-ar/feed.xml')]: [{ type: 'xml', text: feedAr }, 'not-modified'],
    [url('/same-en/feed.xml')]: [{ type: 'xml', text: feedEn }, 'not-modified'],
    [url('/mixed-ar/feed.xml')]: [500],
    [url('/mixed-ar/sitemap.xml')]: [{ type: 'xml', text: sitemap(['/ar/a', '/ar/b']) }],
    [url('/mixed-en/feed.xml')]: [{ type: 'xml', text: rss([]) }],
    [url('/mixed-en/sitemap.xml')]: [{ type: 'xml', text: sitemap(['/en/a']) }],
    [url('/fine-en/feed.xml')]: [{ type: 'xml', text: feedEn.replaceAll('/en/', '/fine/') }],
  });
  const deps = (): PipelineDeps =>
    ({
      db,
      http,
      sources,
      metrics,
      logger: pino({ level: 'silent' }),
      now: () => new Date(clock),
      settings: { maxAlertAgeMs: 0, pauseAfterFailures: 10 },
      queues: { article: { addBulk: async () => [] }, crawl: { opts: { prefix: 'crawl-status-test' } } },
      redis: { set: async () => null, del: async () => 1 },
      topics: [],
    }) as unknown as PipelineDeps;
  const dashboard = () =>
    createDashboardApp({
      db,
      http,
      sources,
      metrics,
      logger: pino({ level: 'silent' }),
      now: () => new Date(clock),
    } as unknown as DashboardDeps);

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    metrics = createMetrics();
    await syncSources(db, [...sources.values()]);
    for (let crawl = 0; crawl < 3; crawl++) {
      for (const id of sources.keys()) await runCrawl(id, deps());
      clock += 7 * 3_600_000; // past any backoff
    }
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  const statuses = async (id: string) => (await listCrawlHistory(db, id)).map((c) => c.status).reverse();

  it('stores each crawl with its status: failed, not-modified, partial, ok', async () => {
    expect(await statuses('gone-en')).toEqual(['failed', 'failed', 'failed']);
    expect(await statuses('gone-ar')).toEqual(['failed', 'failed', 'failed']);
    expect(await statuses('same-ar')).toEqual(['ok', 'not-modified', 'not-modified']);
    expect(await statuses('same-en')).toEqual(['ok', 'not-modified', 'not-modified']);
    expect(await statuses('mixed-ar')).toEqual(['partial', 'partial', 'partial']);
    expect(await statuses('mixed-en')).toEqual(['partial', 'partial', 'partial']);
    expect(await statuses('fine-en')).toEqual(['ok', 'ok', 'ok']);
  });

  it('keeps each layer’s HTTP status, count and error, and the items found and new', async () => {
    const [gone] = await listCrawlHistory(db, 'gone-ar', 1);
    expect(gone?.layer).toBeNull();
    expect(gone?.attempts.map((a) => [a.layer, a.ok, a.httpStatus])).toEqual([
      ['feed', false, 404],
      ['sitemap', false, 500],
    ]);
    expect(gone?.error).toMatch(/feed: .*404.*; sitemap: .*500/);
    const mixed = await listCrawlHistory(db, 'mixed-ar');
    expect(mixed.at(-1)).toMatchObject({ layer: 'sitemap', candidates: 2, newItems: 2, notModified: false });
    expect(mixed.at(-1)?.attempts.map((a) => [a.layer, a.ok, a.httpStatus])).toEqual([
      ['feed', false, 500],
      ['sitemap', true, 200],
    ]);
    const [empty] = await listCrawlHistory(db, 'mixed-en', 1);
    expect(empty?.attempts[0]).toMatchObject({ layer: 'feed', ok: false, httpStatus: 200, count: 0 });
    expect(empty?.error).toMatch(/no items found/);
    const [same] = await listCrawlHistory(db, 'same-en', 1);
    expect(same).toMatchObject({ status: 'not-modified', notModified: true, candidates: 0 });
    expect(same?.attempts[0]).toMatchObject({ httpStatus: 304, notModified: true });
    for (const crawl of [...(await listCrawlHistory(db, 'fine-en')), ...mixed])
      expect(crawl.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('counts crawls by their status in /metrics', async () => {
    const body = (await metrics.render()).body;
    for (const [id, status] of [
      ['gone-en', 'failed'],
      ['gone-ar', 'failed'],
      ['mixed-ar', 'partial'],
      ['mixed-en', 'partial'],
      ['fine-en', 'ok'],
    ])
      expect(body).toContain(`raqib_crawls_total{source="${id}",status="${status}"} 3`);
    expect(body).toContain('raqib_crawls_total{source="same-ar",status="not-modified"} 2');
    expect(body).toContain('raqib_crawls_total{source="same-en",status="ok"} 1');
    expect(body).not.toMatch(/raqib_crawls_total\{source="gone-(en|ar)",status="ok"\}/);
  });

  it('shows "(n failed)" and "unchanged since" on /sources, and links each source to its page', async () => {
    const res = await dashboard().request('/sources');
    expect(res.status).toBe(200);
    const page = await res.text();
    const row = (id: string) => {
      const match = new RegExp(`<tr data-source="${id}">([\\s\\S]*?)</tr>`).exec(page);
      expect(match, id).not.toBeNull();
      return match![1]!;
    };
    for (const id of ['gone-en', 'gone-ar']) {
      expect(row(id)).toMatch(/3\s*<span class="error">\(3 failed\)<\/span>/);
      expect(row(id)).toContain('data-crawl-status="failed"');
    }
    for (const id of ['same-ar', 'same-en']) {
      expect(row(id)).toMatch(/unchanged since\s+<time datetime="2025-09-10T12:00:00.000Z"/);
      expect(row(id)).not.toContain('(3 failed)');
    }
    for (const id of ['mixed-ar', 'fine-en']) expect(row(id)).not.toContain('unchanged since');
    expect(row('mixed-ar')).toContain('data-crawl-status="partial"');
    for (const id of sources.keys()) expect(row(id)).toContain(`href="/sources/${id}"`);
  });

  it('shows a source’s crawl history with the status of each layer', async () => {
    const app = dashboard();
    const gone = await (await app.request('/sources/gone-ar')).text();
    expect(gone.match(/<tr data-crawl-status="failed">/g)).toHaveLength(3);
    expect(gone).toContain('HTTP 404');
    expect(gone).toContain('HTTP 500');
    const mixed = await (await app.request('/sources/mixed-ar')).text();
    expect(mixed.match(/<tr data-crawl-status="partial">/g)).toHaveLength(3);
    expect(mixed).toMatch(/data-attempt="sitemap" data-attempt-ok="true"/);
    expect(mixed).toMatch(/data-attempt="feed" data-attempt-ok="false"/);
    const same = await (await app.request('/sources/same-en')).text();
    expect(same).toContain('HTTP 304');
    expect(same.match(/<tr data-crawl-status="not-modified">/g)).toHaveLength(2);
    const missing = await app.request(`/sources/${encodeURIComponent('<script>')}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<script>');
  });

  it('"Check now" runs each configured layer without recording a crawl', async () => {
    const before = (await listCrawlHistory(db, 'mixed-ar', 500)).length;
    const check = (id: string, origin = 'http://localhost') =>
      dashboard().request(`http://localhost/sources/${id}/check`, { method: 'POST', headers: { origin } });
    const res = await check('mixed-ar');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('data-chain-picks="1"');
    expect(page).toMatch(/data-check-layer="feed" data-check-ok="false"[\s\S]*?HTTP 500/);
    expect(page).toMatch(/data-check-layer="sitemap" data-check-ok="true"[\s\S]*?ok, 2 items/);
    expect(page).toContain('<tr data-crawl-status="partial">'); // the history is still shown below
    const gone = await (await check('gone-en')).text();
    expect(gone).toContain('data-chain-picks="none"');
    expect(gone).toContain('a crawl now would fail');
    expect((await listCrawlHistory(db, 'mixed-ar', 500)).length).toBe(before);
    expect((await check('mixed-ar', 'https://evil.example')).status).toBe(403);
    expect((await check('no-such-source')).status).toBe(404);
  });

  it('shows at most the last 50 crawls', async () => {
    for (let i = 0; i < 52; i++) {
      clock += 60_000;
      await runCrawl('fine-en', deps());
    }
    const page = await (await dashboard().request('/sources/fine-en')).text();
    expect(page.match(/<tr data-crawl-status=/g)).toHaveLength(50);
  }, 60_000);
});
