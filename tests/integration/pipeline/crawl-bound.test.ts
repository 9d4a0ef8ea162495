/**
 * Bounded crawl work through the real crawl stage (PostgreSQL, Redis/BullMQ, the real HTTP client): a feed of 20,000
 * entries queues MAX_ITEMS_PER_CRAWL article jobs, the newest, and the cut is recorded on the crawl; a source's own
 * `maxItemsPerCrawl` wins.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSourceFile } from '../../../src/config/sources.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { runCrawl } from '../../../src/pipeline/crawl/run-crawl.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const N = 20_000;
const BASE = Date.now() - 2 * 86_400_000;

describe('bounded crawl work in the pipeline', () => {
  let server: Server;
  let origin = '';
  let t: TestRuntimeEnv;
  let runtime: Runtime;

  beforeAll(async () => {
    // Entry i is published i seconds after BASE; the document lists them oldest first.
    const feed = (path: string) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>${Array.from(
        { length: N },
        (_, i) =>
          `<item><title>خبر ${i} عن القوات</title><link>${origin}${path}/${i}</link><pubDate>${new Date(BASE + i * 1000).toUTCString()}</pubDate></item>`,
      ).join('')}</channel></rss>`;
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') return void res.end('User-agent: *\nAllow: /\n');
      if (path === '/a.xml' || path === '/b.xml')
        return void res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed(path.slice(0, 2)));
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestRuntimeEnv('crawlbound', inject('redisUrl'), inject('postgresUrl'), {
      MAX_ITEMS_PER_CRAWL: '25',
    });
    const source = (id: string, path: string, extra = '') => ({
      ...parseSourceFile(
        `selectors/${id}.yaml`,
        `name: ${id}
language: ar
allowedHosts: ['127.0.0.1']
allowPrivateAddresses: true
politeness: { maxInFlight: 4, minDelay: 10ms }
${extra}
fetch:
  - type: feed
    url: ${origin}${path}
`,
      ),
      id,
    });
    runtime = await createRuntime(t.env, {
      sources: [source('big-a', '/a.xml'), source('big-b', '/b.xml', 'maxItemsPerCrawl: 8')],
    });
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await t?.cleanup();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it.each([
    ['big-a', '/a', 25],
    ['big-b', '/b', 8],
  ])(
    '%s (%s) queues the newest %i entries and records the cut',
    async (id, prefix, limit) => {
      const result = await runCrawl(id, runtime.pipeline);
      expect(result).toMatchObject({ status: 'ok', candidates: limit, queued: limit });
      const jobs = await runtime.queues.article.getJobs(['waiting', 'prioritized']);
      const urls = jobs
        .filter((j) => (j.data as { sourceId: string }).sourceId === id)
        .map((j) => (j.data as { candidate: { url: string } }).candidate.url)
        .sort();
      expect(urls).toEqual(Array.from({ length: limit }, (_, k) => `${origin}${prefix}/${N - 1 - k}`).sort());
      const crawl = await runtime.db.query<{ status: string; error: string | null }>(
        `select status, error from crawls where source_id = $1`,
        [id],
      );
      expect(crawl.rows).toHaveLength(1);
      expect(crawl.rows[0]?.status).toBe('ok');
      expect(crawl.rows[0]?.error).toBe(
        `feed: ${N} entries, only the newest ${limit} queued (maxItemsPerCrawl)`,
      );
    },
    60_000,
  );
});
