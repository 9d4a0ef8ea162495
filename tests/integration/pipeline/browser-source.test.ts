/**
 * The browser layer wired into the runtime: a source whose listing is built by JavaScript (CONSTRUCTED fixture:
 * the links exist only after a script runs) is crawled through chromium by the real pipeline, its articles are
 * stored, and closing the runtime stops chromium. A runtime without browser sources has no renderer.
 * Skipped where chromium is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSourceFile } from '../../../src/config/sources.js';
import { articleJobSchema } from '../../../src/queues/job-schemas.js';
import { processArticle } from '../../../src/pipeline/article/process-article.js';
import { runCrawl } from '../../../src/pipeline/crawl/run-crawl.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { listItems } from '../../../src/store/items-repo.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARTICLES: Record<string, [string, string]> = {
  '/news/k1.html': [
    'US forces complete relocation from K1 base in Kirkuk to Erbil',
    'American troops finished relocating their equipment from the K1 military base in Kirkuk to Erbil, the Joint Operations Command said. Iraqi units now control every part of K1 under the withdrawal schedule of the coalition.',
  ],
  '/news/taji.html': [
    'Coalition trainers leave Camp Taji',
    'The last coalition trainers left Camp Taji north of Baghdad and handed its hangars to the Iraqi air force, as the drawdown of foreign forces from Iraq continues.',
  ],
};

/** The listing has no links in its HTML: a script adds them after load, like a client-rendered news site. */
const LISTING = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Latest</title></head>
<body><main id="app">Loading…</main><img src="/hero.jpg">
<script>
  setTimeout(() => {
    const news = ${JSON.stringify(Object.entries(ARTICLES).map(([path, [title]]) => ({ path, title })))};
    document.getElementById('app').innerHTML = news
      .map((n) => '<article class="card"><a class="card-link" href="' + n.path + '"><h2>' + n.title + '</h2></a></article>')
      .join('');
  }, 80);
</script></body></html>`;

const chromiumChildren = () => {
  try {
    return execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => /chrom/i.test(l)).length;
  } catch {
    return 0; // ps exits 1 when there is no child
  }
};

describe.skipIf(!existsSync(CHROMIUM))('browser sources in the runtime', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') return void res.end('User-agent: *\nAllow: /\n');
      if (path === '/latest') return void res.writeHead(200, { 'content-type': 'text/html' }).end(LISTING);
      const article = ARTICLES[path];
      if (!article) return void res.writeHead(404).end('not found');
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${article[0]}</title>` +
            `<meta property="article:published_time" content="${new Date().toISOString()}"></head>` +
            `<body><article><h1>${article[0]}</h1><p>${article[1]}</p></article></body></html>`,
        );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const browserSource = () => ({
    ...parseSourceFile(
      'selectors/js-outlet.yaml',
      `name: JS outlet (constructed)
language: en
allowedHosts: ['127.0.0.1']
allowPrivateAddresses: true
politeness: { maxInFlight: 4, minDelay: 10ms }
fetch:
  - type: listing
    url: ${origin}/latest
    selectors: { item: article.card, link: a.card-link, title: h2 }
  - type: browser
    url: ${origin}/latest
    waitFor: article.card
    selectors: { item: article.card, link: a.card-link, title: h2 }
`,
    ),
    id: 'js-outlet',
  });

  describe('with a browser source', () => {
    let t: TestRuntimeEnv;
    let runtime: Runtime | undefined;
    beforeAll(async () => {
      t = await createTestRuntimeEnv('browser', inject('redisUrl'), inject('postgresUrl'), {
        CHROMIUM_PATH: CHROMIUM,
      });
      runtime = await createRuntime(t.env, { sources: [browserSource()] });
    });
    afterAll(async () => {
      await runtime?.close();
      await t?.cleanup();
    });

    it('falls back from the empty listing to chromium, stores the articles, and stops chromium on close', async () => {
      const rt = runtime!;
      expect(rt.pipeline.browser).toBeDefined();
      expect(chromiumChildren()).toBe(0); // lazy: nothing launched before the first browser crawl
      const crawl = await runCrawl('js-outlet', rt.pipeline);
      // The listing layer found nothing and the browser layer served: a partial crawl (see crawl-status.ts).
      expect(crawl).toMatchObject({ status: 'partial', layer: 'browser', candidates: 2, queued: 2 });
      expect(chromiumChildren()).toBeGreaterThan(0);
      const health = await rt.db.query<{ last_layer: string }>(
        `select last_layer from sources where id = 'js-outlet'`,
      );
      expect(health.rows[0]?.last_layer).toBe('browser');

      const jobs = await rt.queues.article.getJobs(['waiting', 'prioritized']);
      expect(jobs).toHaveLength(2);
      for (const job of jobs) await processArticle(articleJobSchema.parse(job.data), rt.pipeline);
      const items = await listItems(rt.db, { limit: 10 });
      expect(items.map((i) => i.title).sort()).toEqual(
        Object.values(ARTICLES)
          .map(([title]) => title)
          .sort(),
      );
      expect(items.every((i) => (i.text ?? '').includes('Iraq'))).toBe(true);

      await rt.close();
      runtime = undefined;
      expect(chromiumChildren()).toBe(0);
    }, 45_000);
  });

  it('a runtime without browser sources has no renderer', async () => {
    const t = await createTestRuntimeEnv('nobrowser', inject('redisUrl'), inject('postgresUrl'));
    const source = browserSource();
    const runtime = await createRuntime(t.env, {
      sources: [{ ...source, fetch: source.fetch.filter((l) => l.type !== 'browser') }],
    });
    try {
      expect(runtime.pipeline.browser).toBeUndefined();
    } finally {
      await runtime.close();
      await t.cleanup();
    }
  });
});
