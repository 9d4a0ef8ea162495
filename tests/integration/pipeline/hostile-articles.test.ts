/**
 * Hostile article pages through the real pipeline (BullMQ crawl and article workers, PostgreSQL/PGlite, Redis, the
 * real HTTP client): a CONSTRUCTED feed of five entries whose pages are a normal article, a 20 MB body, a slow drip
 * past the timeout, a redirect loop and a redirect to 169.254.169.254 (link-local, cloud metadata). The normal item
 * is stored from its page; each hostile one is stored from its feed entry with its fetch error recorded on the item
 * (`items.fetch_error`), counted for the source in `sources list` and shown on the dashboard. The drip's `timeout` is
 * retryable: the job is retried (BullMQ) and the error recorded on its last attempt, so the item is not lost.
 *
 * The server listens on 127.0.0.1 and the source does NOT allow private addresses: the test's HTTP client trusts
 * 127.0.0.1 only (`trustedAddresses`), so the redirect to 169.254.169.254 is refused by the SSRF guard.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { httpSettingsFromEnv } from '../../../src/config/env.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { formatSourceList, listSourceStatus } from '../../../src/console/cli/commands/sources.js';
import { createDashboardApp } from '../../../src/console/web/app.js';
import { createHttpClient } from '../../../src/fetch/http/http-client.js';
import type { HttpClient } from '../../../src/fetch/http/http-types.js';
import type { PipelineDeps } from '../../../src/pipeline/pipeline-deps.js';
import { startWorkers, type WorkerSet } from '../../../src/app/workers.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { listItems } from '../../../src/store/items-repo.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const TIMEOUT_MS = 1500;
const ENTRIES = [
  ['normal', 'US forces hand Ain al-Asad base to the Iraqi army'],
  ['huge', 'Coalition completes the drawdown from Baghdad'],
  ['drip', 'Last coalition trainers leave Camp Taji'],
  ['loop', 'US troops relocate from K1 base to Erbil'],
  ['private', 'Iraqi army takes over Harir air base'],
] as const;
const summaryOf = (slug: string) => `Feed summary of the ${slug} entry about the withdrawal of US forces.`;
const PAGE_TEXT =
  'American troops handed the Ain al-Asad air base in Anbar to the Iraqi army on Monday, the Joint Operations ' +
  'Command said, in the latest step of the withdrawal of coalition forces from Iraq agreed last year.';

describe('hostile article pages in the pipeline', () => {
  let server: Server;
  let origin = '';
  const hits = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let t: TestRuntimeEnv;
  let runtime: Runtime;
  let http: HttpClient;
  let workers: WorkerSet | undefined;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      if (path === '/robots.txt') return void res.end('User-agent: *\nAllow: /\n');
      if (path === '/feed.xml') {
        const now = new Date().toUTCString();
        const items = ENTRIES.map(
          ([slug, title]) =>
            `<item><title>${title}</title><link>${origin}/news/${slug}</link><guid>${slug}</guid>` +
            `<description>${summaryOf(slug)}</description><pubDate>${now}</pubDate></item>`,
        ).join('');
        return void res
          .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' })
          .end(
            `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Hostile outlet</title>` +
              `<link>${origin}/</link>${items}</channel></rss>`,
          );
      }
      if (path === '/news/normal')
        return void res
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(
            `<!doctype html><html lang="en"><head><title>${ENTRIES[0][1]}</title></head><body><article>` +
              `<h1>${ENTRIES[0][1]}</h1><p>${PAGE_TEXT}</p><p>${PAGE_TEXT}</p></article></body></html>`,
          );
      if (path === '/news/huge') {
        // 20 MB, chunked (no Content-Length): the client must stop reading at its cap.
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(1024 * 1024, 'a');
        let sent = 0;
        const pump = () => {
          while (sent < 20 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        res.on('error', () => undefined);
        return void pump();
      }
      if (path === '/news/drip') {
        // Headers at once, then a byte every 200 ms, forever: only the total timeout ends it.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<html><body>');
        const timer = setInterval(() => res.write('.'), 200);
        timers.add(timer);
        res.on('close', () => {
          clearInterval(timer);
          timers.delete(timer);
        });
        return;
      }
      if (path === '/news/loop') return void res.writeHead(302, { location: '/news/loop-b' }).end();
      if (path === '/news/loop-b') return void res.writeHead(302, { location: '/news/loop' }).end();
      if (path === '/news/private')
        return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    t = await createTestRuntimeEnv('hostile', inject('redisUrl'), inject('postgresUrl'), {
      HTTP_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const hostile = {
      ...parseSourceFile(
        'selectors/hostile-outlet.yaml',
        `name: Hostile outlet (constructed)
language: en
# The redirect target is an allowed host, so what refuses it is the private-address guard, not the host list.
allowedHosts: ['127.0.0.1', '169.254.169.254']
allowPrivateAddresses: false
politeness: { maxInFlight: 8, minDelay: 10ms }
fetch:
  - type: feed
    url: ${origin}/feed.xml
`,
      ),
      id: 'hostile-outlet',
    };
    const overridden = {
      ...parseSourceFile(
        'selectors/override-outlet.yaml',
        `name: Robots override outlet (constructed)
language: en
allowedHosts: [override.example]
robots: { obey: false, overrideReason: 'robots.txt blocks every agent; the outlet allowed us by e-mail' }
fetch:
  - type: feed
    url: https://override.example/feed.xml
`,
      ),
      id: 'override-outlet',
    };
    runtime = await createRuntime(t.env, { sources: [hostile, overridden] });
    // The runtime's client refuses 127.0.0.1 for a source without allowPrivateAddresses; this one, built from the
    // same environment, trusts 127.0.0.1 only (an operator's `trustedAddresses`), so every other private range is
    // still refused.
    http = createHttpClient({
      redis: runtime.redis,
      logger: runtime.logger,
      ...httpSettingsFromEnv(t.env),
      trustedAddresses: ['127.0.0.1'],
    });
    // Two attempts 200 ms apart instead of five with exponential 5 s backoff, so the retry finishes in seconds.
    const queue = runtime.queues.article;
    const addBulk = queue.addBulk.bind(queue);
    queue.addBulk = (jobs) =>
      addBulk(
        jobs.map((job) => ({
          ...job,
          opts: { ...job.opts, attempts: 2, backoff: { type: 'fixed', delay: 200 } },
        })),
      );
  }, 60_000);

  afterAll(async () => {
    await workers?.close();
    await http?.close();
    await runtime?.close();
    await t?.cleanup();
    for (const timer of timers) clearInterval(timer);
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('stores every item, records each page failure on its item and the source, and never hangs', async () => {
    const started = Date.now();
    const deps: PipelineDeps = { ...runtime.pipeline, http };
    workers = startWorkers({ ...runtime, pipeline: deps }, ['crawl', 'article']);
    await runtime.queues.crawl.add('crawl', { sourceId: 'hostile-outlet' }, { attempts: 1 });

    let items = await listItems(runtime.db, { sourceId: 'hostile-outlet' });
    while (items.length < ENTRIES.length && Date.now() - started < 25_000) {
      await new Promise((r) => setTimeout(r, 100));
      items = await listItems(runtime.db, { sourceId: 'hostile-outlet' });
    }
    const elapsed = Date.now() - started;
    const bySlug = new Map(items.map((i) => [i.url.split('/').pop(), i]));
    expect([...bySlug.keys()].sort()).toEqual(ENTRIES.map(([slug]) => slug).sort());

    const normal = bySlug.get('normal')!;
    expect(normal.fetchError).toBeNull();
    expect(normal.text).toContain('Ain al-Asad air base in Anbar');

    const expected: Record<string, RegExp> = {
      huge: /^too-large: /,
      drip: /^timeout: /,
      loop: /^redirect-loop: /,
      private: /^private-address: 169\.254\.169\.254 is a non-public address/,
    };
    for (const [slug, pattern] of Object.entries(expected)) {
      const item = bySlug.get(slug)!;
      expect(item.fetchError, slug).toMatch(pattern);
      // Stored from its feed entry: the entry's title and summary.
      expect(item.title, slug).toBe(ENTRIES.find(([s]) => s === slug)?.[1]);
      expect(item.text, slug).toBe(summaryOf(slug));
    }
    // The retryable timeout was retried once (2 attempts); the others failed for good on the first request.
    expect(hits.get('/news/drip')).toBe(2);
    expect(hits.get('/news/huge')).toBe(1);
    expect(hits.get('/news/loop')).toBe(1);
    expect(hits.get('/news/private')).toBe(1);
    const failed = await runtime.queues.article.getJobCountByTypes('failed');
    expect(failed).toBe(0);
    // The drip alone needs two timeouts; nothing waited for a default 20 s timeout or a 5 s backoff.
    expect(elapsed).toBeLessThan(20_000);

    // `raqib sources list`: the source's crawl succeeded and its four page failures are counted.
    const status = await listSourceStatus(runtime.db, [...runtime.sources.values()]);
    const hostile = status.find((s) => s.id === 'hostile-outlet')!;
    expect(hostile).toMatchObject({ consecutiveFailures: 0, lastLayer: 'feed', articleErrors24h: 4 });
    expect(hostile.lastArticleError).toMatch(/^(too-large|timeout|redirect-loop|private-address): /);
    expect(status.find((s) => s.id === 'override-outlet')?.robotsOverrideReason).toBe(
      'robots.txt blocks every agent; the outlet allowed us by e-mail',
    );
    const text = formatSourceList(status);
    expect(text).toMatch(/article pages failed \(24 h\): 4, last /);
    expect(text).toContain(
      'robots.txt not obeyed: robots.txt blocks every agent; the outlet allowed us by e-mail',
    );

    // The dashboard: the items page says why, the sources page counts page errors and shows the robots reason.
    const app = createDashboardApp({
      db: runtime.db,
      queues: runtime.queues,
      sources: runtime.sources,
      channels: [],
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
    });
    const itemsPage = await (await app.request('/items?source=hostile-outlet')).text();
    expect(itemsPage.match(/data-why="fetch-error"/g)).toHaveLength(4);
    expect(itemsPage).toContain('article page failed, stored from the feed entry');
    expect(itemsPage).toContain('redirect-loop: ');
    const sourcesPage = await (await app.request('/sources')).text();
    expect(sourcesPage).toContain('data-article-errors="4"');
    expect(sourcesPage).toContain('robots.txt not obeyed');
  }, 30_000);
});
