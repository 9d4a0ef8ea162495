/**
 * Crawl schedulers against the test Redis: every source gets its own stable slot in its interval (crawls spread
 * instead of all firing in the same second), a new source is also crawled at once, and a second replica or a
 * restart upserting the same sources changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Source } from '../../../src/config/source-schema.js';
import { crawlSlotOffsetMs, upsertCrawlSchedules } from '../../../src/app/schedules.js';

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

  it('gives each source a stable 5-second slot within its interval, never 0', () => {
    const offsets = Array.from({ length: 1000 }, (_, i) => crawlSlotOffsetMs(`outlet-${i}`, INTERVAL));
    for (const o of offsets) {
      expect(o).toBeGreaterThan(0);
      expect(o).toBeLessThan(INTERVAL);
    }
    expect(crawlSlotOffsetMs('outlet-3', INTERVAL)).toBe(offsets[3]);
    // 1,000 sources over the 12 slots of a minute: every slot used, none crowded.
    const perSlot = new Map<number, number>();
    for (const o of offsets) perSlot.set(o, (perSlot.get(o) ?? 0) + 1);
    expect(perSlot.size).toBe(12);
    expect(Math.max(...perSlot.values())).toBeLessThan(130);
    // A 5-minute interval has 60 slots.
    const five = new Set(Array.from({ length: 1000 }, (_, i) => crawlSlotOffsetMs(`outlet-${i}`, 300_000)));
    expect(five.size).toBe(60);
  });

  it('spreads the next crawls, crawls new sources at once, and is idempotent across replicas', async () => {
    const sources = Array.from({ length: 40 }, (_, i) => source(`src-${i}`));
    const before = Date.now();
    expect(await upsertCrawlSchedules(queue, sources)).toBe(40);
    const schedulers = await queue.getJobSchedulers(0, -1);
    expect(schedulers).toHaveLength(40);
    const next = schedulers.map((s) => Number(s.next));
    // The one-off crawl runs now, so the first scheduled one comes half an interval to an interval and a half later.
    for (const n of next) {
      expect(n).toBeGreaterThanOrEqual(before + INTERVAL / 2);
      expect(n).toBeLessThanOrEqual(before + 1.5 * INTERVAL + 1000);
    }
    // Spread over the interval's slots, not one instant.
    expect(new Set(next.map((n) => n % INTERVAL)).size).toBeGreaterThan(8);
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
