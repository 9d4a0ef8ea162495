/**
 * A source's first crawl must not replay its backlog: through the real crawl and article stages (local feed,
 * PostgreSQL or PGlite, Redis), an old on-topic entry of the first crawl is stored for the digest with a
 * `first crawl of the source` reason, the fresh one alerts, and a later crawl alerts whatever is new to the source,
 * including an entry published a day ago (missed while raqib was down). A first crawl killed before it queued
 * anything is still the first. A later item of another outlet joining a story that only a first crawl had seen
 * posts a new alert (the story was never posted). Feeds and reports are CONSTRUCTED.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canonicalizeUrl } from '../../../src/dedupe/canonical-url.js';
import { loadAlertView } from '../../../src/pipeline/deliver/load-alert-view.js';
import { processArticle } from '../../../src/pipeline/article/process-article.js';
import { runCrawl } from '../../../src/pipeline/crawl/run-crawl.js';
import { articleJobSchema, type ArticleJob } from '../../../src/queues/job-schemas.js';
import { getItemByCanonicalUrl } from '../../../src/store/items-repo.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { constructReports, type LiveOutletItem } from '../../helpers/live-outlet.js';
import { localFeedSource } from '../../helpers/local-feed-source.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const HOUR = 3_600_000;
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Entry {
  report: LiveOutletItem;
  publishedAt: Date;
}

const sourceYaml = (id: string, origin: string) => localFeedSource(id, `${origin}/${id}/feed.xml`);

describe('first crawl of a source', () => {
  let server: Server;
  let origin: string;
  const feed: Entry[] = [];
  let t: TestRuntimeEnv;
  let runtime: Runtime;
  const reports = constructReports(4);

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') return void res.end('User-agent: *\nAllow: /\n');
      if (path === '/outlet/feed.xml') {
        const items = feed.map(
          ({ report, publishedAt }) =>
            `<item><title>${escapeXml(report.title)}</title><link>${origin}/news/${report.slug}.html</link>` +
            `<pubDate>${publishedAt.toUTCString()}</pubDate></item>`,
        );
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end(
            `<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet</title><link>${origin}/</link>${items.join('')}</channel></rss>`,
          );
      }
      const entry = feed.find(({ report }) => path === `/news/${report.slug}.html`);
      if (!entry) return void res.writeHead(404).end();
      const paragraphs = entry.report.text
        .split('\n\n')
        .map((p) => `<p>${escapeXml(p)}</p>`)
        .join('');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="en"><head><title>${escapeXml(entry.report.title)}</title>` +
            `<meta property="article:published_time" content="${entry.publishedAt.toISOString()}"></head>` +
            `<body><main><article><h1>${escapeXml(entry.report.title)}</h1>${paragraphs}</article></main></body></html>`,
        );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // FIRST_CRAWL_ALERT_AGE is left at its default (6h): that default is what this test is about.
    t = await createTestRuntimeEnv('firstcrawl', inject('redisUrl'), inject('postgresUrl'), {
      DISCORD_TOKEN: 'x',
      DISCORD_CHANNEL_IDS: '100000000000000001',
    });
    runtime = await createRuntime(t.env, {
      sources: [sourceYaml('outlet', origin), sourceYaml('joiner', origin)],
    });
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await t?.cleanup();
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  /** Run every queued article job as the article worker would; returns their payloads. */
  async function drainArticles(): Promise<ArticleJob[]> {
    const jobs = await runtime.queues.article.getJobs(['waiting', 'prioritized']);
    const payloads = jobs.map((job) => articleJobSchema.parse(job.data));
    for (const payload of payloads) await processArticle(payload, runtime.pipeline);
    for (const job of jobs) await job.remove();
    return payloads;
  }
  const itemOf = async (report: LiveOutletItem) =>
    getItemByCanonicalUrl(runtime.db, canonicalizeUrl(`${origin}/news/${report.slug}.html`));
  const deliveriesOf = async (storyId: string | null) =>
    (
      await runtime.db.query<{ content_version: number }>(
        'select content_version from deliveries where story_id = $1',
        [storyId],
      )
    ).rows;

  it('holds back the backlog of the first crawl, alerts its fresh entry, then alerts everything new', async () => {
    const [old, fresh, later, missed] = reports as [
      LiveOutletItem,
      LiveOutletItem,
      LiveOutletItem,
      LiveOutletItem,
    ];
    feed.push({ report: old, publishedAt: new Date(Date.now() - 30 * HOUR) });
    feed.push({ report: fresh, publishedAt: new Date(Date.now() - 10 * 60_000) });

    // A first crawl killed before it queued anything (nor recorded its success) is still the first.
    const queue = runtime.queues.article;
    const addBulk = queue.addBulk.bind(queue);
    queue.addBulk = () => Promise.reject(new Error('killed'));
    await expect(runCrawl('outlet', runtime.pipeline)).rejects.toThrow('killed');
    queue.addBulk = addBulk;

    expect(await runCrawl('outlet', runtime.pipeline)).toMatchObject({ status: 'ok', queued: 2 });
    const firstJobs = await drainArticles();
    expect(firstJobs.map((j) => j.firstCrawl)).toEqual([true, true]);

    const oldItem = await itemOf(old);
    expect(oldItem).toMatchObject({ decision: 'digest', duplicateOf: null });
    expect(oldItem?.dropReason).toMatch(/^first crawl of the source: published \S+, older than 6h$/);
    expect(oldItem?.dropKind).toBe('first-crawl-hold');
    expect(oldItem?.text).toContain('Anbar'); // the page was still fetched and extracted
    expect(oldItem?.storyId).not.toBeNull(); // the story exists (the digest lists it)
    expect(await deliveriesOf(oldItem?.storyId ?? null)).toEqual([]);

    const freshItem = await itemOf(fresh);
    expect(freshItem).toMatchObject({ decision: 'alert', dropReason: null });
    expect(await deliveriesOf(freshItem?.storyId ?? null)).toEqual([{ content_version: 0 }]);

    // A later crawl (say after raqib was down for a day): new entries alert, even one published 30 hours ago.
    feed.push({ report: later, publishedAt: new Date() });
    feed.push({ report: missed, publishedAt: new Date(Date.now() - 30 * HOUR) });
    expect(await runCrawl('outlet', runtime.pipeline)).toMatchObject({ status: 'ok', queued: 2 });
    const laterJobs = await drainArticles();
    expect(laterJobs.map((j) => j.firstCrawl)).toEqual([undefined, undefined]);
    for (const report of [later, missed]) {
      const item = await itemOf(report);
      expect(item).toMatchObject({ decision: 'alert', dropReason: null });
      expect(await deliveriesOf(item?.storyId ?? null)).toEqual([{ content_version: 0 }]);
    }
    // The held-back item stayed unposted.
    expect(await deliveriesOf(oldItem?.storyId ?? null)).toEqual([]);
  }, 60_000);

  it('posts a new alert when a later item of another outlet joins a story only a first crawl had seen', async () => {
    // Seeds 000 and 001 (two Arabic outlets on one event) form one story; see tests/unit/dedupe/story-index.test.ts.
    const seedDir = new URL('../../fixtures/seeds/', import.meta.url);
    const [first, second] = readdirSync(seedDir)
      .filter((f) => /^00[01]_/.test(f))
      .sort()
      .map((f) => {
        // A seed file: a `date … url` line, then the headline and the body.
        const raw = readFileSync(new URL(f, seedDir), 'utf8');
        const text = raw.slice(raw.indexOf('\n') + 1).trim();
        return { title: text.split('\n')[0] ?? '', text };
      }) as [{ title: string; text: string }, { title: string; text: string }];
    const job = (sourceId: string, slug: string, seed: { title: string; text: string }, ageMs: number) =>
      entryJob(sourceId, `news/${slug}`, seed, ageMs);
    // article.fetch would request these example.com pages: serve them from the feed entry instead.
    for (const id of ['outlet', 'joiner']) {
      const source = runtime.pipeline.sources.get(id);
      if (source) source.article.fetch = false;
    }

    const held = await processArticle(
      { ...job('outlet', 'seed-000', first, 8 * HOUR), firstCrawl: true },
      runtime.pipeline,
    );
    expect(held).toMatchObject({ status: 'stored', decision: 'digest', deliveries: 0 });
    if (held.status !== 'stored') throw new Error('not stored');
    expect(await deliveriesOf(held.storyId)).toEqual([]);

    const joined = await processArticle(job('joiner', 'seed-001', second, 4 * HOUR), runtime.pipeline);
    expect(joined).toMatchObject({ status: 'stored', storyId: held.storyId, duplicateOf: null });
    expect(joined).toMatchObject({ decision: 'alert', deliveries: 1 });
    // A new message (version 0), not an edit of a message that was never posted.
    expect(await deliveriesOf(held.storyId)).toEqual([{ content_version: 0 }]);
  }, 60_000);

  it("posts another outlet's later copy of an item a first crawl held back, though it is a duplicate", async () => {
    const report = constructReports(6)[5] as LiveOutletItem;
    const job = (sourceId: string, ageMs: number) => entryJob(sourceId, `wire/${report.slug}`, report, ageMs);
    for (const id of ['outlet', 'joiner']) {
      const source = runtime.pipeline.sources.get(id);
      if (source) source.article.fetch = false;
    }
    const held = await processArticle({ ...job('outlet', 9 * HOUR), firstCrawl: true }, runtime.pipeline);
    expect(held).toMatchObject({ status: 'stored', decision: 'digest', deliveries: 0 });
    if (held.status !== 'stored') throw new Error('not stored');

    const copy = await processArticle(job('joiner', 2 * HOUR), runtime.pipeline);
    expect(copy).toMatchObject({ status: 'stored', storyId: held.storyId, duplicateOf: held.itemId });
    expect(copy).toMatchObject({ decision: 'alert', deliveries: 1 });
    expect(await deliveriesOf(held.storyId)).toEqual([{ content_version: 0 }]);
    const view = await loadAlertView(runtime.db, runtime.pipeline.sources, held.storyId);
    // The copy's alert is posted, but the original outlet keeps the credit (issue 20: a repost never takes the lead
    // from the original, whatever the crawl order); the copy is "also reported by".
    expect(view?.outlet).toBe('outlet (constructed)');
    expect(view?.alsoReportedBy.map((o) => o.outlet)).toEqual(['joiner (constructed)']);
    // The classification's typed evidence is stored with the item and reaches the alert (its why line).
    expect(view?.evidence?.actor).toBeTruthy();
    expect(view?.evidence?.action).toBeTruthy();
  }, 60_000);
});

/** An article job for an entry of `sourceId` (served from the feed entry: these example.org pages are not fetched). */
function entryJob(sourceId: string, path: string, entry: { title: string; text: string }, ageMs: number) {
  const url = `https://${sourceId}.example/${path}`;
  return {
    sourceId,
    canonicalUrl: canonicalizeUrl(url),
    candidate: {
      sourceId,
      url,
      title: entry.title,
      summary: entry.text,
      publishedAt: new Date(Date.now() - ageMs).toISOString(),
    },
    seenAt: new Date().toISOString(),
  };
}
