/**
 * The whole pipeline on the demo fixtures: crawl → extract → dedupe → classify → store → deliver (console
 * preview), with real Redis and embedded PGlite. Checks the seed expectations end to end.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { loadSources } from '../../src/config/sources.js';
import { demoSources } from '../../src/console/demo/demo-sources.js';
import {
  loadFixtureRoutes,
  startFixtureServer,
  type FixtureServer,
} from '../../src/console/demo/fixture-server.js';
import { waitForIdle } from '../../src/console/demo/wait-for-idle.js';
import { createDemoBodyFiller } from '../../src/console/demo/demo-body-filler.js';
import { deleteTestKeys } from '../helpers/redis-keys.js';
import { ALL_ROLES, startService, type RunningService } from '../../src/app/start-service.js';
import { createConsoleSender } from '../../src/deliver/console/console-sender.js';
import { deliveryBackoffType, deliveryJobOptions } from '../../src/deliver/delivery-processor.js';
import { listItems } from '../../src/store/items-repo.js';
import { normalizeArabic } from '../../src/shared/text/normalize-arabic.js';

const fixturesDir = resolve('tests/fixtures/sources');
const seedsDir = resolve('tests/fixtures/seeds');

/** A distinctive run of words from the body of each seed (skipping the date/URL header). */
function seedProbe(file: string): string {
  const lines = readFileSync(join(seedsDir, file), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 80 && !l.startsWith('date') && !l.startsWith('http'));
  const words = normalizeArabic(lines[0] ?? '').split(' ');
  return words.slice(2, 8).join(' ');
}

describe('demo pipeline end to end', () => {
  let server: FixtureServer;
  let service: RunningService;
  const printed: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'raqib-e2e-'));
  const prefix = `e2e-${Date.now().toString(36)}`;

  beforeAll(async () => {
    const env = loadEnv({
      REDIS_URL: inject('redisUrl'),
      DATA_DIR: dataDir,
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
    });
    const configured = loadSources(resolve('selectors'));
    // As `raqib demo` by default: the constructed pages carry real corpus excerpts, not their placeholder text.
    const routes = loadFixtureRoutes(fixturesDir, configured);
    const filler = createDemoBodyFiller(routes, resolve('topics'));
    server = await startFixtureServer(routes, [...new Set(configured.flatMap((s) => s.allowedHosts))], 0, {
      filler,
    });
    const withFixtures = new Set(
      configured.filter((s) => existsSync(join(fixturesDir, s.id, 'manifest.json'))).map((s) => s.id),
    );
    const sources = demoSources(configured, server, withFixtures);
    service = await startService(env, ALL_ROLES, {
      sources,
      // As `raqib demo`: the seed articles are old and this is each source's first crawl, so no age limit of either kind.
      settings: { maxAlertAgeMs: 0, firstCrawlAlertAgeMs: 'off' },
      fresh: true,
      consoleSender: createConsoleSender((text) => printed.push(text)),
    });
    await waitForIdle(service.runtime, { sources: sources.length, timeoutMs: 150_000 });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await server?.close();
    // Queues, job schedulers, host slots, robots cache: every key of this run's prefix.
    await deleteTestKeys(inject('redisUrl'), prefix);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('alerts every seed article, once per story', async () => {
    const items = await listItems(service.runtime.db, { limit: 5000 });
    const seeds = readdirSync(seedsDir)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    expect(seeds).toHaveLength(5);
    const storyOf = new Map<string, string | null>();
    for (const seed of seeds) {
      const probe = seedProbe(seed);
      const item = items.find(
        (i) => normalizeArabic(`${i.title ?? ''} ${i.text ?? ''}`).includes(probe) && !i.duplicateOf,
      );
      expect(item, `seed ${seed} was not stored (probe "${probe}")`).toBeDefined();
      storyOf.set(seed.slice(0, 3), item?.storyId ?? null);
      expect(item?.decision, `seed ${seed}: ${JSON.stringify(item?.reasons)}`).toBe('alert');
    }
    // 000 and 001 report one event: one story, one alert that lists both outlets; 002, 003 and 004 are each their own.
    expect(storyOf.get('001')).toBe(storyOf.get('000'));
    const separate = ['000', '002', '003', '004'].map((prefix) => storyOf.get(prefix));
    expect(new Set(separate).size).toBe(4);

    const alerts = printed.filter((p) => p.startsWith('──── ALERT'));
    const alertedStories = await service.runtime.db.query<{ story_id: string; n: number }>(
      `select story_id, count(*)::int as n from deliveries where discord_message_id is not null group by story_id`,
    );
    expect(alertedStories.rows.every((r) => r.n === 1)).toBe(true);
    expect(alerts.length).toBe(alertedStories.rows.length);
    expect(alerts.length).toBeGreaterThanOrEqual(4);
    // What the console shows is readable: no Discord markup.
    for (const alert of alerts) {
      expect(alert).not.toMatch(/<t:\d+(:[a-zA-Z])?>|\*\*|\]\(https?:/u);
    }
    // …and every preview (alerts and updates) reads like news: no constructed page's placeholder text.
    for (const preview of printed) expect(preview).not.toMatch(/مُنشأ للاختبار|Constructed test/u);
  });

  // Seed 002 is an aggregator's repost of Euronews Arabic: whichever is crawled first, the original gets the credit.
  it("credits seed 002's story to the original outlet, not the aggregator", () => {
    const probe = seedProbe(readdirSync(seedsDir).find((f) => f.startsWith('002')) ?? '');
    const previews = printed.filter((p) =>
      normalizeArabic(p).includes(probe.split(' ').slice(0, 3).join(' ')),
    );
    const last = previews.at(-1) ?? '';
    expect(last, printed.join('\n')).toMatch(/^\S*Euronews Arabic/mu);
    expect(last).not.toMatch(/^\S*Akhir Khabar/mu);
  });

  // The documented delivery retry policy (docs/readme/delivery.md), read from the jobs production queued.
  it('queues deliver jobs with the documented attempts and backoff', async () => {
    const jobs = await service.runtime.queues.deliver.getJobs(['completed', 'failed', 'delayed', 'waiting']);
    expect(jobs.length).toBeGreaterThanOrEqual(4);
    for (const job of jobs) {
      expect(job.opts.attempts, job.id).toBe(deliveryJobOptions.attempts);
      expect(job.opts.attempts, job.id).toBe(10);
      expect(job.opts.backoff, job.id).toEqual({ type: deliveryBackoffType });
    }
  });

  // The pipeline sees the extracted pages (not the seed files) in crawl order, months apart in publication date.
  it('seeds 000 and 001 are one story', async () => {
    const items = await listItems(service.runtime.db, { limit: 5000 });
    const story = (prefix: string) => {
      const probe = seedProbe(readdirSync(seedsDir).find((f) => f.startsWith(prefix)) ?? '');
      return items.find(
        (i) => normalizeArabic(`${i.title ?? ''} ${i.text ?? ''}`).includes(probe) && !i.duplicateOf,
      )?.storyId;
    };
    expect(story('000')).toBe(story('001'));
  });

  // Seed 000's page recalls the 2011 pullout in its last sentences: background to a current report, not a retrospective.
  it('seed 000 is an alert on its own', async () => {
    const items = await listItems(service.runtime.db, { limit: 5000 });
    const probe = seedProbe(readdirSync(seedsDir).find((f) => f.startsWith('000')) ?? '');
    const item = items.find(
      (i) => normalizeArabic(`${i.title ?? ''} ${i.text ?? ''}`).includes(probe) && !i.duplicateOf,
    );
    expect(item?.decision).toBe('alert');
  });
});
