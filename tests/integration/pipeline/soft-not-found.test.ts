/**
 * Soft 404s through the real article stage (PostgreSQL, Redis, the real HTTP client and extractor): pages that say
 * "page not found" with status 200, in English and Arabic, are not stored as the article — the item keeps its feed
 * entry and records `soft-not-found` as its fetch error, like a real 404 — while a real article page is used.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSourceFile } from '../../../src/config/sources.js';
import { canonicalizeUrl } from '../../../src/dedupe/canonical-url.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { processArticle } from '../../../src/pipeline/article/process-article.js';
import { listItems } from '../../../src/store/items-repo.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const html = (lang: string, title: string, body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><main>${body}</main></body></html>`;

const PAGES: Record<string, string> = {
  '/news/gone-en': html(
    'en',
    'Page not found | Outlet',
    '<h1>Page not found</h1><p>Sorry, this page does not exist.</p>',
  ),
  '/news/gone-ar': html(
    'ar',
    'شفق نيوز',
    '<h1>عذراً، الصفحة المطلوبة غير متوفرة</h1><p>يمكنك العودة إلى الرئيسية.</p>',
  ),
  '/news/gone-404': html('en', '404', "<h1>Oops</h1><p>We couldn't find that page.</p>"),
  '/news/real': html(
    'en',
    'US forces hand Ain al-Asad base to the Iraqi army',
    '<article><h1>US forces hand Ain al-Asad base to the Iraqi army</h1><p>American troops handed the Ain al-Asad air base in Anbar to the Iraqi army on Monday, the Joint Operations Command said, in the latest step of the withdrawal of coalition forces from Iraq agreed last year.</p><p>Iraqi officers took control of the runway and the hangars, officials said.</p></article>',
  ),
};
const FEED_TITLES: Record<string, string> = {
  'gone-en': 'Coalition completes the drawdown from Baghdad',
  'gone-ar': 'التحالف يكمل انسحابه من بغداد',
  'gone-404': 'Last coalition trainers leave Camp Taji',
  real: 'US forces hand Ain al-Asad base to the Iraqi army',
};

describe('soft 404 article pages', () => {
  let server: Server;
  let origin = '';
  let t: TestRuntimeEnv;
  let runtime: Runtime;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/robots.txt') return void res.end('User-agent: *\nAllow: /\n');
      const page = PAGES[path];
      if (!page) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await createTestRuntimeEnv('soft404', inject('redisUrl'), inject('postgresUrl'));
    const source = {
      ...parseSourceFile(
        'selectors/soft-outlet.yaml',
        `name: Soft outlet
language: en
allowedHosts: ['127.0.0.1']
allowPrivateAddresses: true
politeness: { maxInFlight: 4, minDelay: 10ms }
fetch:
  - type: feed
    url: ${origin}/feed.xml
`,
      ),
      id: 'soft-outlet',
    };
    runtime = await createRuntime(t.env, { sources: [source] });
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    await t?.cleanup();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('keeps the feed entry, records soft-not-found, and uses a real page', async () => {
    for (const [slug, title] of Object.entries(FEED_TITLES)) {
      const url = `${origin}/news/${slug}`;
      await processArticle(
        {
          sourceId: 'soft-outlet',
          canonicalUrl: canonicalizeUrl(url),
          candidate: { sourceId: 'soft-outlet', url, title, summary: `Feed summary: ${title}` },
          seenAt: new Date().toISOString(),
        },
        runtime.pipeline,
      );
    }
    const items = await listItems(runtime.db, { sourceId: 'soft-outlet' });
    const bySlug = new Map(items.map((i) => [i.url.split('/').pop(), i]));
    for (const slug of ['gone-en', 'gone-ar', 'gone-404']) {
      const item = bySlug.get(slug)!;
      expect(item.fetchError, slug).toMatch(/^soft-not-found: /);
      expect(item.title, slug).toBe(FEED_TITLES[slug]);
      expect(item.text, slug).toBe(`Feed summary: ${FEED_TITLES[slug]}`);
      expect(`${item.title} ${item.text}`).not.toMatch(/not found|غير متوفرة|couldn't find/i);
    }
    const real = bySlug.get('real')!;
    expect(real.fetchError).toBeNull();
    expect(real.text).toContain('Ain al-Asad air base in Anbar');
  }, 60_000);
});
