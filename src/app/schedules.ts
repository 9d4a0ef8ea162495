/**
 * The BullMQ job schedulers a role needs: the per-source crawl schedules and the silent-source check (crawl), the
 * per-channel digest schedules and the catch-up of a missed digest (digest). Schedules are BullMQ job schedulers:
 * upserted by key, stored in Redis, so any number of replicas keep exactly one schedule per source.
 */
import type { Queue } from 'bullmq';
import type { Source } from '../config/source-schema.js';
import { catchUpDigests, upsertDigestSchedules } from '../pipeline/digest/digest-job.js';
import { upsertSilentSourceSchedule } from '../pipeline/monitor/silent-source-job.js';
import { reconcile, reconcileJobName, reconcileSchedulerKey } from '../pipeline/reconcile/reconcile.js';
import { stableFraction } from '../shared/stable-hash.js';
import type { Runtime } from './runtime.js';
import type { StageRole } from './workers.js';

const schedulerKey = (sourceId: string) => `crawl-${sourceId}`;

/** Crawl slots are this far apart: sources sharing a slot are crawled together (one worker wake-up for them). */
const SLOT_STEP_MS = 5_000;

/**
 * Where in its interval a source is crawled: one of the interval's 5-second slots, picked by a stable hash of its
 * id (never 0, which BullMQ reads as "no offset"). Without slots every scheduler upserted at start-up shares one
 * instant, so all sources are crawled in the same second each interval (a CPU burst of 16–28 % of a core for 1,000
 * sources, and queued article pages behind it). One slot per source (any millisecond) smoothed that too, but woke
 * the worker once per source: 1,000 sources cost 3.9 instead of about 2.5 CPU seconds a minute.
 */
export function crawlSlotOffsetMs(sourceId: string, intervalMs: number): number {
  const slots = Math.max(1, Math.floor(intervalMs / SLOT_STEP_MS));
  const step = intervalMs / slots;
  return Math.floor((Math.floor(stableFraction(sourceId) * slots) + 0.5) * step);
}

/**
 * The first scheduled crawl of a new scheduler: the source's slot, at least half an interval from now. The one-off
 * crawl runs at once; without this gap a source whose slot is a second away would be crawled twice in a row.
 */
function firstSlotAfter(now: number, intervalMs: number, offsetMs: number): number {
  let at = Math.floor(now / intervalMs) * intervalMs + offsetMs;
  while (at < now + intervalMs / 2) at += intervalMs;
  return at;
}

/**
 * Upsert one crawl scheduler per enabled source (every `interval`, at the source's slot within it) and remove
 * schedulers of sources that are gone or disabled. A source without a scheduler yet (new install, new outlet) is
 * also crawled at once by a one-off job, rather than waiting up to one interval for its slot. Safe to run from
 * every replica at once: the upsert is idempotent and the one-off job has a fixed id.
 */
export async function upsertCrawlSchedules(queue: Queue, sources: Iterable<Source>): Promise<number> {
  const wanted = new Map<string, Source>();
  for (const source of sources) if (source.enabled) wanted.set(schedulerKey(source.id), source);
  const existing = await queue.getJobSchedulers(0, -1);
  const existingKeys = new Set(existing.map((s) => s.key));
  const jobOpts = { removeOnComplete: 1000, removeOnFail: 5000, attempts: 1 };
  const now = Date.now();
  for (const [key, source] of wanted) {
    const offset = crawlSlotOffsetMs(source.id, source.interval);
    const isNew = !existingKeys.has(key);
    // startDate only shapes a new scheduler's first run; an existing one keeps its own next run.
    await queue.upsertJobScheduler(
      key,
      {
        every: source.interval,
        offset,
        ...(isNew ? { startDate: firstSlotAfter(now, source.interval, offset) } : {}),
      },
      { name: 'crawl', data: { sourceId: source.id }, opts: jobOpts },
    );
    if (isNew) await queue.add('crawl', { sourceId: source.id }, { ...jobOpts, jobId: `first-${key}` });
  }
  for (const scheduler of existing) {
    const key = scheduler.key;
    if (key.startsWith('crawl-') && !wanted.has(key)) await queue.removeJobScheduler(key);
  }
  return wanted.size;
}

/**
 * Upsert the schedules of `roles` (idempotent across replicas): crawl → one scheduler per source and the
 * silent-source check every 15 min; digest → one cron scheduler per channel, and a digest missed while down queued.
 */
export async function upsertSchedules(runtime: Runtime, roles: readonly StageRole[]): Promise<void> {
  const { logger, queues } = runtime;
  if (roles.includes('crawl')) {
    const count = await upsertCrawlSchedules(queues.crawl, runtime.sources.values());
    await upsertSilentSourceSchedule(queues.monitor);
    logger.info({ schedules: count }, 'crawl schedules upserted');
  }
  if (roles.includes('crawl') || roles.includes('deliver')) {
    // One reconciler per deployment (a job scheduler, run by the monitor queue's worker), and one pass now.
    await queues.monitor.upsertJobScheduler(
      reconcileSchedulerKey,
      { every: runtime.env.RECONCILE_EVERY_MS },
      { name: reconcileJobName, data: {}, opts: { removeOnComplete: 100, removeOnFail: 500, attempts: 1 } },
    );
    try {
      const result = await reconcile(runtime.pipeline, reconcileOptions(runtime));
      logger.info({ recovered: result.recovered }, 'reconciler ran at start');
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'reconciler failed at start; its schedule retries');
    }
  }
  if (roles.includes('digest')) {
    const count = await upsertDigestSchedules(queues.digest, runtime.channels);
    const queued = await catchUpDigests(runtime.db, queues.digest, runtime.channels, runtime.pipeline.now());
    logger.info({ schedules: count, catchUp: queued }, 'digest schedules upserted');
  }
}

/** The reconciler's options from the environment: its period is also its grace time. */
export function reconcileOptions(runtime: Runtime) {
  return {
    graceMs: runtime.env.RECONCILE_EVERY_MS,
    windowMs: runtime.env.STORY_WINDOW_HOURS * 3_600_000,
    onRecovered: (kind: string, count: number) => runtime.metrics.reconcilerRecovered(kind, count),
  };
}
