/**
 * The dashboard in a real headless Chromium on the demo data: the real pipeline crawls the demo fixtures
 * (recorded and constructed outlet pages, served on 127.0.0.1), then each page is opened, checked and
 * screenshotted under test-output/screenshots/. Needs Redis and /usr/bin/chromium.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import { loadSources } from '../../../src/config/sources.js';
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

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`dashboard browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

const fixturesDir = resolve('tests/fixtures/sources');
const screenshots = resolve('test-output/screenshots');
const ARABIC = /[\u0600-\u06FF]/;

describe.skipIf(!hasChromium)('dashboard in headless Chromium on the demo data', () => {
  let server: FixtureServer;
  let service: RunningService;
  let browser: Browser;
  let page: Page;
  let base = '';
  const prefix = `dash-${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'raqib-dashboard-'));
  const logLines: Array<Record<string, unknown>> = [];
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) logLines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });

  beforeAll(async () => {
    const env = loadEnv({
      REDIS_URL: inject('redisUrl'),
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
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
      // As `raqib demo`: the seed articles are old and this is each source's first crawl, so no age limit of either kind.
      settings: { maxAlertAgeMs: 0, firstCrawlAlertAgeMs: 'off' },
      fresh: true,
      consoleSender: createConsoleSender(() => undefined),
      logger: pino({ level: 'info' }, logStream),
      dashboard: { host: '127.0.0.1', port: 0 },
    });
    if (!service.dashboard) throw new Error('dashboard did not start');
    base = service.dashboard.url;
    const [idle, launched] = await Promise.all([
      waitForIdle(service.runtime, { sources: sources.length, timeoutMs: 70_000 }),
      chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-dev-shm-usage',
        ],
      }),
    ]);
    void idle;
    browser = launched;
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    mkdirSync(screenshots, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(inject('redisUrl'));
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  async function open(path: string, shot?: string) {
    const response = await page.goto(`${base}${path}`, { waitUntil: 'load' });
    expect(response?.status(), path).toBe(200);
    if (shot) await page.screenshot({ path: join(screenshots, `${shot}.png`), fullPage: true });
  }

  /** Direction of every headline that contains Arabic letters. */
  async function arabicHeadlineDirections(): Promise<string[]> {
    return page.$$eval(
      '[data-role=headline]',
      (els, pattern) =>
        els
          .filter((el) => new RegExp(pattern).test(el.textContent ?? ''))
          .map((el) => getComputedStyle(el).direction),
      ARABIC.source,
    );
  }

  it('sources: health, items-per-hour charts, pause and resume', async () => {
    await open('/sources', 'sources');
    const rows = await page.locator('#sources tbody tr').count();
    expect(rows).toBe(service.runtime.sources.size);
    // At least one source delivered items in this run, so its chart has bars; layers are named.
    expect(await page.locator('#sources svg.chart rect').count()).toBeGreaterThan(0);
    const layers = await page.$$eval('#sources tbody tr td[data-label="Layer used"]', (tds) =>
      tds.map((t) => t.textContent?.trim()),
    );
    expect(layers.filter((l) => l && l !== '—').length).toBeGreaterThan(0);

    const id = [...service.runtime.sources.keys()][0] as string;
    const row = page.locator(`#sources tr[data-source="${id}"]`);
    await row.locator('input[name=reason]').fill('selectors being fixed');
    await row.locator('button[data-action=pause]').click();
    await page.waitForURL(/\/sources\?done=/);
    expect(await getSourceHealth(service.runtime.db, id)).toMatchObject({
      paused: true,
      pauseReason: 'selectors being fixed',
    });
    await expect.poll(() => row.textContent()).toContain('selectors being fixed');
    await row.locator('button[data-action=resume]').click();
    await page.waitForURL(/resumed/);
    expect((await getSourceHealth(service.runtime.db, id))?.paused).toBe(false);
  });

  it('items: decisions with reasons, filters, Arabic headlines right-to-left', async () => {
    await open('/items', 'items');
    const total = await page.locator('#items tbody tr').count();
    expect(total).toBeGreaterThan(5);
    const directions = await arabicHeadlineDirections();
    expect(directions.length).toBeGreaterThan(0);
    expect(directions.every((d) => d === 'rtl')).toBe(true);
    // English headlines stay left-to-right.
    const english = await page.$$eval('[data-role=headline][lang=en]', (els) =>
      els.map((el) => getComputedStyle(el).direction),
    );
    expect(english.every((d) => d === 'ltr')).toBe(true);

    await open('/items?decision=drop');
    const dropped = await page.locator('#items tbody tr').count();
    expect(dropped).toBeGreaterThan(0);
    expect(await page.locator('#items tbody tr[data-decision=drop] .drop-reason').count()).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(total);

    await open('/items?decision=alert');
    const alerts = await page.$$eval('#items tbody tr', (trs) =>
      trs.map((tr) => tr.getAttribute('data-decision')),
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((d) => d === 'alert')).toBe(true);

    // Text filter: a word from one Arabic headline finds that row and fewer than all.
    await open('/items');
    const headline = (
      await page.$$eval('[data-role=headline][lang=ar]', (els) => els.map((e) => e.textContent ?? ''))
    ).find((t) => t.split(' ').some((w) => w.length >= 5));
    expect(headline).toBeDefined();
    const word = (headline ?? '').split(' ').find((w) => w.length >= 5) as string;
    await open(`/items?q=${encodeURIComponent(word)}`);
    const found = await page.$$eval('#items [data-role=headline]', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(total);
    expect(await page.inputValue('input[name=q]')).toBe(word);
  });

  it('stories: items across outlets and the alert each produced', async () => {
    await open('/stories', 'stories');
    const stories = await page.locator('section.story').count();
    expect(stories).toBeGreaterThan(0);
    expect(
      await page.locator('section.story .alert-deliveries .badge-posted').count(),
    ).toBeGreaterThanOrEqual(4);
    const directions = await arabicHeadlineDirections();
    expect(directions.length).toBeGreaterThan(0);
    expect(directions.every((d) => d === 'rtl')).toBe(true);
  });

  it('digest: the day’s digest of each channel renders as a page', async () => {
    await open('/digest', 'digest');
    expect(await page.locator('section.digest[data-channel=console]').count()).toBeGreaterThan(0);
    const entries = await page.locator('.digest-entry').count();
    expect(entries).toBeGreaterThan(0);
    const directions = await arabicHeadlineDirections();
    expect(directions.every((d) => d === 'rtl')).toBe(true);
  });

  it('queues: counts per state, schedulers', async () => {
    await open('/queues', 'queues');
    const names = await page.$$eval('#queue-counts tbody tr', (trs) =>
      trs.map((tr) => tr.getAttribute('data-queue')),
    );
    expect(names).toEqual(expect.arrayContaining(['crawl', 'article', 'deliver', 'digest']));
    expect(await page.locator('table.schedulers td', { hasText: /^crawl-/ }).count()).toBe(
      [...service.runtime.sources.values()].filter((s) => s.enabled).length,
    );
  });

  it('logs carry the source and job ids', () => {
    const byMessage = (msg: string) => logLines.filter((l) => l.msg === msg);
    for (const msg of ['crawl done', 'item stored', 'alert posted']) {
      const lines = byMessage(msg);
      expect(lines.length, msg).toBeGreaterThan(0);
      expect(
        lines.every((l) => typeof l.jobId === 'string' && typeof l.queue === 'string'),
        msg,
      ).toBe(true);
    }
    expect(byMessage('crawl done').every((l) => typeof l.sourceId === 'string')).toBe(true);
    expect(byMessage('item stored').every((l) => typeof l.sourceId === 'string')).toBe(true);
    expect(byMessage('alert posted').every((l) => typeof l.storyId === 'string')).toBe(true);
  });

  it('/metrics: fetches, items, queue depths and the latency of the posted alerts', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toMatch(/raqib_fetches_total\{source="[^"]+",status="200"\} \d+/);
    expect(body).toMatch(/raqib_items_total\{source="[^"]+",decision="alert",reason="none"\} \d+/);
    expect(body).toMatch(/raqib_queue_jobs\{queue="crawl",state="completed"\} \d+/);
    const posted = [...body.matchAll(/raqib_alert_latency_seconds_count\{since="\w+"\} (\d+)/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
    const { rows } = await service.runtime.db.query<{ n: number }>(
      `select count(*)::int as n from deliveries where state = 'posted'`,
    );
    expect(posted).toBe(rows[0]?.n);
    expect(posted).toBeGreaterThanOrEqual(4);
  });
});
