/**
 * Crawl schedulers against the test Redis: every source gets its own stable slot in its interval (crawls spread
 * instead of all firing in the same second), a new source is also crawled at once, and a second replica or a
 * restart upserting the same sources changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Source } from '../../../src/config/source-schema.js';
import { crawlSlotOffsetMs, upsertCrawlSchedules } from '../../../src/pipeline/start-workers.js';

const INTERVAL = 60_000;
const source = (id: string, interval = INTERVAL) => ({ id, enabled: true, interval }) as unknown as Source;

describe('crawl schedules', () => {
  let queue: Queue;
  const prefix = `test-sched-${randomUUID().slice(0, 8)}`;

  beforeAll(() => {
    const url = new URL(inject('redisUrl'));
    queue = new Queue('crawl', {
      connection: { host: url.hostname, port: Number(url.port || 6379) },
      prefix,
    });
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('gives each source a stable slot of its own within the interval', () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => crawlSlotOffsetMs(`outlet-${i}`, INTERVAL));
    for (const o of offsets) {
      expect(o).toBeGreaterThanOrEqual(0);
      expect(o).toBeLessThan(INTERVAL);
    }
    expect(crawlSlotOffsetMs('outlet-3', INTERVAL)).toBe(offsets[3]);
    // 1,000 sources over 60 one-second buckets: every second has some, none has a crowd.
    const perSecond = new Map<number, number>();
    for (const o of offsets)
      perSecond.set(Math.floor(o / 1000), (perSecond.get(Math.floor(o / 1000)) ?? 0) + 1);
    expect(perSecond.size).toBe(60);
    expect(Math.max(...perSecond.values())).toBeLessThan(40);
  });

  it('spreads the next crawls, crawls new sources at once, and is idempotent across replicas', async () => {
    const sources = Array.from({ length: 40 }, (_, i) => source(`src-${i}`));
    const before = Date.now();
    expect(await upsertCrawlSchedules(queue, sources)).toBe(40);
    const schedulers = await queue.getJobSchedulers(0, -1);
    expect(schedulers).toHaveLength(40);
    const next = schedulers.map((s) => Number(s.next));
    for (const n of next) {
      expect(n).toBeGreaterThanOrEqual(before - 1000);
      expect(n).toBeLessThanOrEqual(before + INTERVAL + 1000);
    }
    // Spread over the interval, not one instant.
    expect(Math.max(...next) - Math.min(...next)).toBeGreaterThan(INTERVAL / 2);
    const firstCrawls = async () =>
      (await queue.getJobs(['waiting', 'prioritized', 'delayed'])).filter((j) => j.id?.startsWith('first-'));
    const oneOff = await firstCrawls();
    expect(oneOff.map((j) => j.data.sourceId).sort()).toEqual(sources.map((s) => s.id).sort());
    for (const job of oneOff) expect(job.opts.delay ?? 0).toBe(0);

    // Another replica (or a restart) upserts the same sources: no new one-off crawls, the same slots.
    await upsertCrawlSchedules(queue, sources);
    expect(await firstCrawls()).toHaveLength(40);
    const again = await queue.getJobSchedulers(0, -1);
    expect(new Map(again.map((s) => [s.key, Number(s.next)]))).toEqual(
      new Map(schedulers.map((s) => [s.key, Number(s.next)])),
    );

    // A source added later is crawled at once too; a removed one loses its scheduler.
    await upsertCrawlSchedules(queue, [...sources.slice(1), source('src-new')]);
    const keys = (await queue.getJobSchedulers(0, -1)).map((s) => s.key);
    expect(keys).toContain('crawl-src-new');
    expect(keys).not.toContain('crawl-src-0');
    expect((await firstCrawls()).map((j) => j.data.sourceId)).toContain('src-new');
  });
});
