/**
 * The operator's main flows in headless Chromium, on a phone (390 px) and a desktop (1366 px), on the demo data
 * (the real pipeline crawls the demo fixtures served on 127.0.0.1): find why an item was dropped (list → item
 * page → reason), pause and resume a source (its actions on screen without scrolling sideways), check it now, add
 * a source from the address of a constructed outlet on 127.0.0.1 (Arabic and English), page through filtered
 * items, label an item and find it on /feedback, and the banner shown while Redis is lost. Every page visited is checked for
 * horizontal overflow (the page never scrolls sideways; wide tables scroll inside their own box) and
 * screenshotted under test-output/screenshots/flows/. With UPDATE_DOC_SCREENSHOTS=1 the item and sources pages
 * are also written to docs/screenshots/ for the console guide (kept only when under 150 KB).
 * Needs Redis and /usr/bin/chromium.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import { loadSources, parseSourceFile } from '../../../src/config/sources.js';
import { demoSources } from '../../../src/console/demo/demo-sources.js';
import {
  loadFixtureRoutes,
  startFixtureServer,
  type FixtureServer,
} from '../../../src/console/demo/fixture-server.js';
import { waitForIdle } from '../../../src/console/demo/wait-for-idle.js';
import { ALL_ROLES, startService, type RunningService } from '../../../src/app/start-service.js';
import { createConsoleSender } from '../../../src/deliver/console/console-sender.js';
import { getSourceHealth } from '../../../src/store/sources-repo.js';
import { startFixtureOutlet, type FixtureOutlet, type OutletSpec } from '../../helpers/fixture-outlet.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`operator flow browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const fixturesDir = resolve('tests/fixtures/sources');
const screenshots = resolve('test-output/screenshots/flows');
const docScreenshots = resolve('docs/screenshots');
const updateDocs = process.env.UPDATE_DOC_SCREENSHOTS === '1';
const WIDTHS = [390, 1366] as const;

/** Two constructed outlets for "add a source": Arabic with a linked feed, English with a sitemap in robots.txt. */
const OUTLETS: Record<'ar' | 'en', OutletSpec> = {
  ar: {
    lang: 'ar',
    title: 'أخبار دجلة',
    block: { tag: 'div', cls: 'news-card' },
    feedPath: '/feed.xml',
    linkFeed: true,
    articles: [0, 1, 2].map((k) => ({
      path: `/ar/akhbar/2025101${k}/انسحاب-${k}`,
      title: [
        'القوات الأمريكية تبدأ الانسحاب من قاعدة حرير في أربيل',
        'بغداد وواشنطن تتفقان على جدول إنهاء مهمة التحالف الدولي',
        'تسليم معسكر التاجي إلى الجيش العراقي بعد انسحاب قوات التحالف',
      ][k] as string,
      published: `2025-10-1${k}T07:30:00Z`,
      paragraphs: [
        'أعلنت قيادة العمليات المشتركة أن القوات الأمريكية بدأت الانسحاب من القاعدة، في إطار الاتفاق الموقع بين الحكومتين لإنهاء مهمة التحالف الدولي في العراق.',
        'وأوضح المتحدث أن عملية التسليم تجري على مراحل، وأن القوات العراقية ستتولى المسؤولية الأمنية الكاملة عن المواقع التي يجري إخلاؤها خلال الأشهر المقبلة.',
      ],
    })),
  },
  en: {
    lang: 'en',
    title: 'Tigris Ledger',
    block: { tag: 'article', cls: 'story-teaser' },
    sitemapPath: '/news-sitemap.xml',
    sitemapInRobots: true,
    articles: [0, 1, 2].map((k) => ({
      path: `/world/2025/10/2${k}/coalition-drawdown-${k}`,
      title: [
        'US troops begin leaving Ain al-Asad air base',
        'Coalition hands Camp Taji over to Iraqi army',
        'Baghdad and Washington agree timetable to end coalition mission',
      ][k] as string,
      published: `2025-10-2${k}T09:15:00Z`,
      paragraphs: [
        'The first convoys of US forces left the base on Tuesday under the agreement between Baghdad and Washington to wind down the coalition mission in Iraq, officials said.',
        'Iraqi commanders said their units would take full responsibility for the site, and that the handover of the remaining facilities would be completed in stages over the coming months.',
      ],
    })),
  },
};
const LONG_ERROR =
  'fetch failed: HTTP 503 from https://www.example-outlet.iq/ar/news/politics/very/long/path/that/never/breaks/' +
  'a'.repeat(180) +
  ' after 3 attempts; the listing selector `div.article-list > ul > li.article-card > a.headline-link` matched 0 nodes';

describe.skipIf(!hasChromium)('operator flows in Chromium at 390 px and 1366 px', () => {
  let server: FixtureServer;
  let service: RunningService;
  let browser: Browser;
  let base = '';
  const outlets: Partial<Record<'ar' | 'en', FixtureOutlet>> = {};
  const prefix = `flows-${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'raqib-flows-'));

  beforeAll(async () => {
    const env = loadEnv({
      REDIS_URL: inject('redisUrl'),
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      DASHBOARD_TIME_ZONE: 'Asia/Baghdad',
    });
    const configured = loadSources(resolve('selectors'));
    server = await startFixtureServer(loadFixtureRoutes(fixturesDir, configured), [
      ...new Set(configured.flatMap((s) => s.allowedHosts)),
    ]);
    const withFixtures = new Set(
      configured.filter((s) => existsSync(join(fixturesDir, s.id, 'manifest.json'))).map((s) => s.id),
    );
    const sources = demoSources(configured, server, withFixtures);
    service = await startService(env, ALL_ROLES, {
      sources,
      settings: { maxAlertAgeMs: 0, firstCrawlAlertAgeMs: 'off' },
      fresh: true,
      consoleSender: createConsoleSender(() => undefined),
      logger: pino({ level: 'silent' }),
      // The constructed outlets are on 127.0.0.1, which /sources/add refuses unless told otherwise.
      dashboard: { host: '127.0.0.1', port: 0, addSource: { allowPrivateAddresses: true, minDelayMs: 0 } },
    });
    outlets.ar = await startFixtureOutlet(OUTLETS.ar);
    outlets.en = await startFixtureOutlet(OUTLETS.en);
    if (!service.dashboard) throw new Error('dashboard did not start');
    base = service.dashboard.url;
    const [, launched] = await Promise.all([
      waitForIdle(service.runtime, { sources: sources.length, timeoutMs: 70_000 }),
      chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
      }),
    ]);
    browser = launched;
    // A source whose last error is a long unbroken text: the sources table must still fit the screen.
    const failing = [...service.runtime.sources.keys()][1] as string;
    await service.runtime.db.query(
      `update sources set last_error = $2, last_error_at = now(), consecutive_failures = 2 where id = $1`,
      [failing, LONG_ERROR],
    );
    mkdirSync(screenshots, { recursive: true });
    if (updateDocs) mkdirSync(docScreenshots, { recursive: true });
  }, 100_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await server?.close();
    for (const outlet of Object.values(outlets)) await outlet.close();
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(inject('redisUrl'));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  async function newPage(width: number): Promise<Page> {
    return browser.newPage({ viewport: { width, height: width < 600 ? 844 : 900 } });
  }

  /** The page never scrolls sideways: document width ≤ viewport width. */
  async function expectNoOverflow(page: Page, what: string) {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.scrollingElement?.scrollWidth ?? 0,
      innerWidth: window.innerWidth,
    }));
    expect(scrollWidth, `${what} at ${innerWidth} px is ${scrollWidth} px wide`).toBeLessThanOrEqual(
      innerWidth,
    );
  }

  /** `selector` lies wholly inside the viewport's width, with the page not scrolled sideways. */
  async function expectOnScreen(page: Page, selector: string) {
    const box = await page.locator(selector).first().boundingBox();
    const { scrollX, innerWidth } = await page.evaluate(() => ({
      scrollX: window.scrollX,
      innerWidth: window.innerWidth,
    }));
    expect(box, selector).not.toBeNull();
    expect(scrollX).toBe(0);
    expect(box!.x, `${selector} left edge`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${selector} right edge at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
    expect(box!.width, selector).toBeGreaterThan(0);
  }

  async function shot(page: Page, name: string, width: number, doc = false) {
    await page.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
    if (doc && updateDocs) {
      const path = join(docScreenshots, `${name}-${width}.png`);
      await page.screenshot({ path, fullPage: false });
      if (statSync(path).size > 150_000) rmSync(path);
    }
  }

  async function open(page: Page, path: string, status = 200) {
    const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(status);
  }

  for (const width of WIDTHS) {
    it(`${width} px: every page fits the screen`, async () => {
      const page = await newPage(width);
      try {
        const { rows } = await service.runtime.db.query<{ id: string; story_id: string | null }>(
          `select id, story_id from items where story_id is not null order by fetched_at desc limit 1`,
        );
        const item = rows[0];
        expect(item).toBeDefined();
        const paths: Array<[string, number]> = [
          ['/sources', 200],
          ['/items', 200],
          ['/stories', 200],
          ['/queues', 200],
          ['/digest', 200],
          [`/items/${item?.id}`, 200],
          [`/stories/${item?.story_id}`, 200],
          ['/items/no-such-item', 404],
          [`/sources/${[...service.runtime.sources.keys()][1]}`, 200],
          ['/sources/add', 200],
        ];
        for (const [path, status] of paths) {
          await open(page, path, status);
          await expectNoOverflow(page, path);
          const name =
            status === 404
              ? 'not-found'
              : path === '/sources/add'
                ? 'add-source-form'
                : path
                    .split('/')
                    .filter(Boolean)
                    .join('-')
                    .replace(/^(\w+)-.+$/, '$1-page');
          await shot(page, name, width, name === 'items-page' || name === 'sources');
          // Every list links to the item pages.
          if (['/items', '/stories', '/digest'].includes(path))
            expect(await page.locator('main a[href^="/items/"]').count(), path).toBeGreaterThan(0);
        }
        // The favicon is served and linked.
        expect(await page.locator('link[rel=icon]').getAttribute('href')).toBe('/favicon.ico');
      } finally {
        await page.close();
      }
    }, 60_000);

    it(`${width} px: find why an item was dropped (list → item page → reason)`, async () => {
      const page = await newPage(width);
      try {
        await open(page, '/items?decision=drop');
        await expectNoOverflow(page, '/items?decision=drop');
        const first = page.locator('#items tbody tr[data-decision=drop] a[data-role=item-link]').first();
        const id = await first.locator('xpath=ancestor::tr').getAttribute('data-item');
        await first.click();
        await page.waitForURL(new RegExp(`/items/${id}$`));
        await expectNoOverflow(page, 'item page');
        // The decision section says why: a recorded reason or the score against the topic's thresholds.
        const decision = page.locator('#decision');
        await expect.poll(() => decision.textContent()).toMatch(/drop|duplicate/);
        const reason = await decision.locator('.drop-reason, [data-role=verdict]').allTextContents();
        expect(reason.join(' ')).toMatch(
          /below|duplicate|threshold|too old|first crawl|Reason recorded|Dropped/,
        );
        expect(await page.locator('[data-threshold=alert]').count()).toBe(1);
        await shot(page, 'dropped-item', width);
      } finally {
        await page.close();
      }
    }, 60_000);

    it(`${width} px: pause and resume a source`, async () => {
      const page = await newPage(width);
      try {
        await open(page, '/sources');
        await expectNoOverflow(page, '/sources');
        const id = [...service.runtime.sources.keys()][0] as string;
        const row = page.locator(`#sources tr[data-source="${id}"]`);
        // The actions and a long error are on screen without scrolling sideways.
        for (const action of ['pause', 'check'])
          await expectOnScreen(page, `#sources tr[data-source="${id}"] button[data-action=${action}]`);
        await expectOnScreen(page, `#sources tr[data-source="${id}"] input[name=reason]`);
        const failing = [...service.runtime.sources.keys()][1] as string;
        await expectOnScreen(page, `#sources tr[data-source="${failing}"] div.error`);
        if (width < 600) {
          // A card per source: no column headings, each value named, the error wrapped inside the card.
          expect(await page.locator('#sources thead').isVisible()).toBe(false);
          const errorBox = await page
            .locator(`#sources tr[data-source="${failing}"] div.error`)
            .boundingBox();
          expect(errorBox!.height).toBeGreaterThan(40);
        }
        await row.locator('input[name=reason]').fill(`checking selectors at ${width} px`);
        await row.locator('button[data-action=pause]').click();
        await page.waitForURL(/\/sources\?done=/);
        await expectNoOverflow(page, '/sources after pause');
        expect(await getSourceHealth(service.runtime.db, id)).toMatchObject({
          paused: true,
          pauseReason: `checking selectors at ${width} px`,
        });
        await shot(page, 'source-paused', width);
        await row.locator('button[data-action=resume]').click();
        await page.waitForURL(/resumed/);
        expect((await getSourceHealth(service.runtime.db, id))?.paused).toBe(false);
      } finally {
        await page.close();
      }
    }, 60_000);

    it(`${width} px: a banner on every page while Redis is lost`, async () => {
      const page = await newPage(width);
      const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
      try {
        service.runtime.dependencies.down('redis', lost);
        for (const path of ['/sources', '/items', '/queues']) {
          await open(page, path);
          const banner = page.locator('[data-role=dependency-down]');
          expect(await banner.isVisible(), path).toBe(true);
          expect(await banner.textContent(), path).toMatch(/Redis is unreachable[\s\S]*REDIS_URL/);
          await expectOnScreen(page, '[data-role=dependency-down]');
          await expectNoOverflow(page, `${path} with the banner`);
        }
        await shot(page, 'dependency-down', width);
      } finally {
        service.runtime.dependencies.up('redis');
        await page.close();
      }
      const after = await browser.newPage();
      await after.goto(`${base}/sources`);
      expect(await after.locator('[data-role=dependency-down]').count()).toBe(0);
      await after.close();
    }, 60_000);

    it(`${width} px: label a story's lead item, then find it on /feedback and open its page`, async () => {
      const page = await newPage(width);
      try {
        await open(page, '/stories');
        const form = page.locator('.feedback').first();
        const id = await form.getAttribute('data-item');
        await form.locator('button[data-action=not-relevant]').click();
        await page.waitForURL(/\/stories$/);
        await open(page, '/feedback');
        await expectNoOverflow(page, '/feedback');
        const row = page.locator(`#feedback tr[data-item="${id}"]`);
        expect(await row.locator('[data-not-relevant]').textContent()).toMatch(/[1-9]/);
        await shot(page, 'feedback', width);
        await row.locator('a[data-role=item-link]').click();
        await page.waitForURL(new RegExp(`/items/${id}$`));
        expect(await page.locator('#decision').count()).toBe(1);
      } finally {
        await page.close();
      }
    }, 60_000);

    it(`${width} px: check a source now from its card`, async () => {
      const page = await newPage(width);
      try {
        await open(page, '/sources');
        const id = [...service.runtime.sources.keys()][2] as string;
        await page.locator(`#sources tr[data-source="${id}"] button[data-action=check]`).click();
        await page.waitForURL(new RegExp(`/sources/${id}/check$`));
        const check = page.locator('#check');
        expect(await check.count()).toBe(1);
        expect(await check.textContent()).toMatch(/A crawl now would use layer|No layer yields items/);
        await expectNoOverflow(page, `/sources/${id}/check`);
        await shot(page, 'source-checked', width);
      } finally {
        await page.close();
      }
    }, 60_000);

    for (const lang of ['ar', 'en'] as const)
      it(`${width} px: add a source from the address of an ${lang === 'ar' ? 'Arabic' : 'English'} outlet`, async () => {
        const outlet = outlets[lang]!;
        const spec = OUTLETS[lang];
        const page = await newPage(width);
        try {
          await open(page, '/sources');
          await page.click('a[data-action=add-source]');
          await page.waitForURL(/\/sources\/add$/);
          await expectNoOverflow(page, '/sources/add');
          await page.fill('input[name=url]', `${outlet.origin}/`);
          const before = outlet.requested.length;
          await page.click('button[data-action=discover]');
          await page.waitForSelector('#discovery', { timeout: 30_000 });
          await expectNoOverflow(page, 'the discovery report');
          // The outlet was read through the pipeline's client, and its layers were tried.
          expect(outlet.requested.length).toBeGreaterThan(before);
          const working = await page.$$eval('#discovery tr[data-ok=true]', (trs) =>
            trs.map((tr) => tr.getAttribute('data-layer')),
          );
          const expected = lang === 'ar' ? 'feed' : 'sitemap';
          expect(working).toContain(expected);
          expect(working).toContain('listing');
          // Entries carry the outlet's own headlines; one article is extracted.
          const entries = (await page.locator('#discovery').textContent()) ?? '';
          for (const article of spec.articles) expect(entries).toContain(article.title);
          const article = (await page.locator('[data-article]').textContent()) ?? '';
          expect(spec.articles.some((a) => article.includes(a.title))).toBe(true);
          // The YAML shown is a valid source file with the working layers.
          const yaml = (await page.locator('#source-yaml').textContent()) ?? '';
          const parsed = parseSourceFile('selectors/new.yaml', yaml);
          expect(parsed.language).toBe(lang);
          expect(parsed.fetch.map((l) => l.type)).toContain(expected);
          await expectOnScreen(page, '#source-yaml');
          await shot(page, `add-source-${lang}`, width);
        } finally {
          await page.close();
        }
      }, 60_000);

    it(`${width} px: page through items with filters`, async () => {
      const page = await newPage(width);
      try {
        const { rows } = await service.runtime.db.query<{ n: number }>(
          `select count(*)::int as n from items where language = 'ar'`,
        );
        const total = rows[0]?.n ?? 0;
        expect(total).toBeGreaterThan(6);
        await open(page, '/items');
        await page.selectOption('select[name=lang]', 'ar');
        await page.click('form.filters button[type=submit]');
        await page.waitForURL(/lang=ar/);
        // Walk every page of 3 forward, then one back: each Arabic item exactly once, in order.
        await page.goto(`${page.url()}&limit=3`);
        const seen: string[] = [];
        const pages: string[][] = [];
        for (let guard = 0; guard < 100; guard++) {
          await expectNoOverflow(page, `items page ${pages.length + 1}`);
          const ids = await page.$$eval('#items tbody tr', (trs) =>
            trs.map((tr) => tr.getAttribute('data-item') ?? ''),
          );
          const langs = await page.$$eval('#items tbody [data-role=headline]', (els) =>
            els.map((e) => e.getAttribute('lang')),
          );
          expect(langs.every((l) => l === 'ar')).toBe(true);
          pages.push(ids);
          seen.push(...ids);
          if (pages.length === 2) await shot(page, 'items-paged', width);
          const next = page.locator('.pager a[data-page=next]').first();
          if ((await next.count()) === 0) break;
          await next.click();
          await page.waitForLoadState('load');
        }
        expect(seen).toHaveLength(total);
        expect(new Set(seen).size).toBe(total);
        await page.locator('.pager a[data-page=prev]').first().click();
        await page.waitForLoadState('load');
        const back = await page.$$eval('#items tbody tr', (trs) =>
          trs.map((tr) => tr.getAttribute('data-item') ?? ''),
        );
        expect(back).toEqual(pages[pages.length - 2]);
        // The filter is kept across pages and shown in the form.
        expect(await page.inputValue('select[name=lang]')).toBe('ar');
      } finally {
        await page.close();
      }
    }, 90_000);
  }
});
