/**
 * The adaptive polling job over a constructed history (PGlite) and real BullMQ schedulers (test Redis): a busy
 * source is polled more often, a quiet one less, a new one at its configured interval, a fixed one unchanged; the
 * plan is stored for every replica and a restart's upsert keeps the planned intervals; the total stays within
 * the configured budget.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyCrawlIntervals, upsertCrawlSchedules } from '../../../src/app/crawl-schedules.js';
import type { Source } from '../../../src/config/source-schema.js';
import { runAdaptPolling } from '../../../src/pipeline/monitor/adapt-polling-job.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { createRedisPollPlanStore } from '../../../src/store/redis/redis-poll-plan.js';
import { recordCrawl, syncSources } from '../../../src/store/sources-repo.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-20T12:00:00Z');
const logger = pino({ level: 'silent' });

const source = (id: string, extra: Partial<Source> = {}): Source =>
  ({
    id,
    file: `${id}.yaml`,
    name: id,
    language: 'ar',
    timezone: 'UTC',
    enabled: true,
    interval: 60_000,
    politeness: { maxInFlight: 1, minDelay: 3000 },
    fetch: [{ type: 'feed', url: `https://${id}.example/feed.xml` }],
    ...extra,
  }) as unknown as Source;

const sources = new Map<string, Source>(
  [source('busy'), source('quiet'), source('newbie'), source('fixed', { polling: { adaptive: false } })].map(
    (s) => [s.id, s],
  ),
);

let seq = 0;
async function addItems(db: Db, sourceId: string, from: number, to: number, gapMs: number): Promise<void> {
  for (let t = from; t < to; t += gapMs) {
    seq += 1;
    await db.query(
      `insert into items (id, source_id, url, canonical_url, title, text, published_at, fetched_at)
       values ($1, $2, $3, $3, 'headline', 'text', $4, $4)`,
      [`it-${seq}`, sourceId, `https://${sourceId}.example/${seq}`, new Date(t).toISOString()],
    );
  }
}

describe('adaptive polling job', () => {
  let db: Db;
  let redis: Redis;
  let queue: Queue;
  const prefix = `test-poll-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    await syncSources(db, [...sources.values()]);
    const start = NOW - 14 * 24 * HOUR;
    for (const id of ['busy', 'quiet', 'fixed'])
      await recordCrawl(db, {
        sourceId: id,
        startedAt: new Date(start),
        layer: 'feed',
        status: 'ok',
        candidates: 1,
        newItems: 1,
        error: null,
      });
    await addItems(db, 'busy', start, NOW, HOUR / 12); // 12 an hour
    await addItems(db, 'quiet', start, NOW, 8 * HOUR); // 3 a day
    await addItems(db, 'fixed', start, NOW, HOUR / 12);
    const url = new URL(inject('redisUrl'));
    const connection = { host: url.hostname, port: Number(url.port || 6379) };
    redis = new Redis(connection);
    queue = new Queue('crawl', { connection, prefix });
    await upsertCrawlSchedules(queue, sources.values());
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    for (const s of await queue.getJobSchedulers(0, -1)) await queue.removeJobScheduler(s.key);
    await queue.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await db.close();
  });

  it('plans within the budget, re-upserts changed schedulers, stores the plan, and a restart keeps it', async () => {
    const plans = createRedisPollPlanStore(redis, prefix);
    const result = await runAdaptPolling(
      {
        db,
        sources,
        plans,
        now: () => new Date(NOW),
        applyIntervals: (intervals) => applyCrawlIntervals(queue, sources, intervals),
      },
      logger,
    );
    const every = async () =>
      new Map(
        (await queue.getJobSchedulers(0, -1)).map((s) => [s.key.replace(/^crawl-/, ''), Number(s.every)]),
      );
    const planned = await every();
    expect(planned.get('busy')!).toBeLessThan(60_000);
    expect(planned.get('quiet')!).toBeGreaterThan(60_000);
    expect(planned.get('newbie')).toBe(60_000);
    expect(planned.get('fixed')).toBe(60_000);
    expect(result.plan.requestsPerHour).toBeLessThanOrEqual(result.plan.budgetPerHour + 1e-9);
    expect(result.changed).toBe(2);

    const stored = await plans.getAll();
    expect(stored.get('busy')?.intervalMs).toBe(planned.get('busy'));
    expect(stored.get('busy')?.why).toMatch(/items\/h expected now/);
    expect(stored.get('newbie')?.why).toMatch(/learning/);

    // A restart upserts every scheduler again: with the stored plan, the planned intervals stay.
    await upsertCrawlSchedules(
      queue,
      sources.values(),
      new Map([...stored].map(([id, p]) => [id, p.intervalMs])),
    );
    expect(await every()).toEqual(planned);

    // A second run with nothing new changes nothing (hysteresis), as a second replica's run would.
    const again = await runAdaptPolling(
      { db, sources, plans, now: () => new Date(NOW + 60_000), applyIntervals: async () => undefined },
      logger,
    );
    expect(again.changed).toBe(0);
  });
});
