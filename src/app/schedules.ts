/**
 * The BullMQ job schedulers a role needs: the per-source crawl schedules and the silent-source check (crawl), the
 * per-channel digest schedules and the catch-up of a missed digest (digest). Schedules are BullMQ job schedulers:
 * upserted by key, stored in Redis, so any number of replicas keep exactly one schedule per source.
 */
import { catchUpDigests, upsertDigestSchedules } from '../pipeline/digest/digest-job.js';
import {
  removeAdaptPollingSchedule,
  upsertAdaptPollingSchedule,
} from '../pipeline/monitor/adapt-polling-job.js';
import { upsertSilentSourceSchedule } from '../pipeline/monitor/silent-source-job.js';
import { removeWebSubSchedule, upsertWebSubSchedule } from '../pipeline/monitor/websub-job.js';
import { plannedIntervals, pollPlanStore } from './poll-stores.js';
import { upsertCrawlSchedules } from './crawl-schedules.js';
import { reconcile, reconcileJobName, reconcileSchedulerKey } from '../pipeline/reconcile/reconcile.js';
import type { Runtime } from './runtime.js';
import type { StageRole } from './workers.js';

/**
 * Upsert the schedules of `roles` (idempotent across replicas): crawl → one scheduler per source and the
 * silent-source check every 15 min; digest → one cron scheduler per channel, and a digest missed while down queued.
 */
export async function upsertSchedules(runtime: Runtime, roles: readonly StageRole[]): Promise<void> {
  const { logger, queues } = runtime;
  if (roles.includes('crawl')) {
    const plans = pollPlanStore(runtime);
    // Adaptive polling keeps its learned intervals across restarts; without it every source runs at its own.
    const intervals = runtime.env.POLL_ADAPTIVE ? await plannedIntervals(plans) : new Map<string, number>();
    const count = await upsertCrawlSchedules(queues.crawl, runtime.sources.values(), intervals);
    await upsertSilentSourceSchedule(queues.monitor);
    if (runtime.env.PUBLIC_URL) await upsertWebSubSchedule(queues.monitor);
    else await removeWebSubSchedule(queues.monitor);
    if (runtime.env.POLL_ADAPTIVE) await upsertAdaptPollingSchedule(queues.monitor);
    else {
      await removeAdaptPollingSchedule(queues.monitor);
      await plans.setAll(new Map());
    }
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

export { crawlSlotOffsetMs, upsertCrawlSchedules } from './crawl-schedules.js';
/** The reconciler's options from the environment: its period is also its grace time. */
export function reconcileOptions(runtime: Runtime) {
  return {
    graceMs: runtime.env.RECONCILE_EVERY_MS,
    windowMs: runtime.env.STORY_WINDOW_HOURS * 3_600_000,
    onRecovered: (kind: string, count: number) => runtime.metrics.reconcilerRecovered(kind, count),
  };
}
