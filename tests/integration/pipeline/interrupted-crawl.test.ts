/**
 * A crawl killed after its conditional feed fetch but before it queued the article jobs must not lose those items:
 * the feed's validators were stored, so a plain retry would get 304. The next crawl sees the unfinished-crawl marker
 * and fetches without validators. The feed is CONSTRUCTED (two items, ETag support).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCrawl } from '../../../src/pipeline/crawl/run-crawl.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { localFeedSource } from '../../helpers/local-feed-source.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const FEED = (origin: string) => `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Outlet</title><link>${origin}/</link>
<item><title>US forces leave Ain al-Asad</title><link>${origin}/a1.html</link><pubDate>${new Date().toUTCString()}</pubDate></item>
<item><title>Coalition hands Harir base to Iraqi army</title><link>${origin}/a2.html</link><pubDate>${new Date().toUTCString()}</pubDate></item>
</channel></rss>`;

describe('an interrupted crawl', () => {
  let server: Server;
  let origin: string;
  const statuses: number[] = [];
  let t: TestRuntimeEnv;
  let runtime: Runtime;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') return void res.end('User-agent: *\nAllow: /\n');
      if (path !== '/feed.xml') return void res.writeHead(404).end();
      if (req.headers['if-none-match'] === '"v1"') {
        statuses.push(304);
        return void res.writeHead(304, { etag: '"v1"' }).end();
      }
      statuses.push(200);
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' }).end(FEED(origin));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestRuntimeEnv('interrupted', inject('redisUrl'), inject('postgresUrl'));
    const source = localFeedSource('etag-outlet', `${origin}/feed.xml`, 'ETag outlet (constructed)');
    runtime = await createRuntime(t.env, { sources: [source] });
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await t?.cleanup();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('refetches without validators after a crawl died before queueing, and queues the items', async () => {
    const queue = runtime.pipeline.queues.article;
    const addBulk = queue.addBulk.bind(queue);
    // The first crawl "dies" right after the fetch: queueing throws, as a killed process never gets there.
    queue.addBulk = () => Promise.reject(new Error('killed'));
    await expect(runCrawl('etag-outlet', runtime.pipeline)).rejects.toThrow('killed');
    queue.addBulk = addBulk;
    expect(statuses).toEqual([200]);

    const second = await runCrawl('etag-outlet', runtime.pipeline);
    expect(statuses).toEqual([200, 200]); // no If-None-Match: the feed body came back
    expect(second).toMatchObject({ status: 'ok', queued: 2, notModified: false });

    const third = await runCrawl('etag-outlet', runtime.pipeline);
    expect(statuses).toEqual([200, 200, 304]); // a finished crawl keeps conditional GET
    expect(third).toMatchObject({ status: 'not-modified', queued: 0, notModified: true });
    expect(await queue.getJobCountByTypes('waiting', 'prioritized')).toBe(2);
  }, 60_000);
});
