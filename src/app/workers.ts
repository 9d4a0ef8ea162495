/**
 * Start here: what runs where. One row per BullMQ queue: which role runs it, its processor (in src/pipeline/<queue>/)
 * and its worker options. `raqib start --roles …`, `workers/*.ts`, the demo and the tests all start workers from this
 * table, through the one worker edge (src/app/worker-edge.ts).
 */
import { hostname } from 'node:os';
import { Worker, type WorkerOptions } from 'bullmq';
import { digestOwnerId } from '../deliver/digest/send-digest.js';
import { createDeliveryWorkerSettings } from '../deliver/delivery-processor.js';
import { processArticle } from '../pipeline/article/process-article.js';
import { runCrawl } from '../pipeline/crawl/run-crawl.js';
import { createDeliveryJob, type DeliveryJobDeps } from '../pipeline/deliver/delivery-job.js';
import { createDigestProcessor } from '../pipeline/digest/digest-job.js';
import type { JobProcessor } from '../pipeline/job-context.js';
import { createAdaptPollingJob } from '../pipeline/monitor/adapt-polling-job.js';
import { createSilentSourceJob } from '../pipeline/monitor/silent-source-job.js';
import { createWebSubJob } from '../pipeline/monitor/websub-job.js';
import { createFormPoster } from '../fetch/http/post-form.js';
import {
  articleJobSchema,
  crawlJobSchema,
  parseJob,
  QUEUE_NAMES,
  type QueueName,
} from '../queues/job-schemas.js';
import { applyCrawlIntervals } from './crawl-schedules.js';
import { pollHintStore, pollPlanStore } from './poll-stores.js';
import { reconcile, reconcileJobName } from '../pipeline/reconcile/reconcile.js';
import type { Runtime } from './runtime.js';
import { reconcileOptions } from './schedules.js';
import { edge, logWorkerEvents } from './worker-edge.js';

/** The roles `raqib start --roles` accepts; the monitor queue runs with the crawl role. */
export type StageRole = 'crawl' | 'article' | 'deliver' | 'digest';
export const ALL_ROLES: StageRole[] = ['crawl', 'article', 'deliver', 'digest'];

export interface WorkerRow {
  queue: QueueName;
  role: StageRole;
  processor: JobProcessor;
  /** Concurrency and any queue-specific worker settings (connection, prefix and locks are added by startWorkers). */
  options: Pick<
    WorkerOptions,
    'concurrency' | 'settings' | 'lockDuration' | 'stalledInterval' | 'maxStalledCount'
  >;
}

/** Parts of a row a test may replace (the exactly-once chaos test synthesises its alerts). */
export interface WorkerOverrides {
  deliver?: Pick<DeliveryJobDeps, 'loadView'>;
}

/** The table. Read it top to bottom: crawl → article → deliver, then the daily digest and the monitor. */
export function workerTable(runtime: Runtime, overrides: WorkerOverrides = {}): WorkerRow[] {
  const { pipeline, env } = runtime;
  return [
    {
      queue: QUEUE_NAMES.crawl,
      role: 'crawl',
      processor: (job, { logger }) =>
        runCrawl(parseJob(crawlJobSchema, 'crawl', job.data).sourceId, { ...pipeline, logger }),
      options: { concurrency: pipeline.settings.crawlConcurrency ?? 32 },
    },
    {
      queue: QUEUE_NAMES.article,
      role: 'article',
      // On the last attempt a retryable page failure is recorded and the feed entry stored (not lost).
      processor: (job, { logger }) =>
        processArticle(
          parseJob(articleJobSchema, 'article', job.data),
          { ...pipeline, logger },
          {
            final: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
          },
        ),
      options: { concurrency: pipeline.settings.articleConcurrency ?? 16 },
    },
    {
      queue: QUEUE_NAMES.deliver,
      role: 'deliver',
      processor: createDeliveryJob({
        db: runtime.db,
        sources: runtime.sources,
        channels: runtime.channels,
        sender: runtime.alertSender,
        metrics: runtime.metrics,
        now: pipeline.now,
        feedback: Boolean(env.DISCORD_PUBLIC_KEY),
        publicDashboardUrl: env.PUBLIC_DASHBOARD_URL,
        leaseMs: env.DELIVERY_LEASE_MS,
        outage: {
          delayedAfterMs: env.DELIVERY_DELAYED_AFTER,
          probeBaseMs: env.DELIVERY_CIRCUIT_PROBE_MS,
          probeMaxMs: env.DELIVERY_CIRCUIT_PROBE_MS * 12,
        },
        ...overrides.deliver,
      }),
      // The documented retry policy: deliveryJobOptions' custom backoff is computed by these settings. A job of a
      // killed worker returns within seconds (short lock); the delivery record, not the lock, keeps it once, so a
      // job may stall many times (two kills in a row must not fail it).
      options: {
        concurrency: 4,
        settings: createDeliveryWorkerSettings(runtime.deliveryBackoff).settings,
        lockDuration: Math.min(env.WORKER_LOCK_MS, 10_000),
        stalledInterval: Math.min(env.WORKER_LOCK_MS, 5_000),
        maxStalledCount: 100,
      },
    },
    {
      queue: QUEUE_NAMES.digest,
      role: 'digest',
      processor: (job, { logger, token }) =>
        createDigestProcessor({
          db: runtime.db,
          setup: runtime,
          sender: runtime.alertSender,
          logger,
          owner: digestOwnerId(hostname(), process.pid),
          now: pipeline.now,
          publicDashboardUrl: env.PUBLIC_DASHBOARD_URL,
          metrics: runtime.metrics,
        })(job, token),
      options: { concurrency: 1 },
    },
    {
      queue: QUEUE_NAMES.monitor,
      role: 'crawl',
      // One queue, two scheduled jobs told apart by name: the silent-source check and adaptive polling.
      processor: monitorProcessor([
        createSilentSourceJob({
          db: runtime.db,
          logger: runtime.logger,
          sources: runtime.sources,
          now: pipeline.now,
          notifier: runtime.notifier,
        }),
        createAdaptPollingJob({
          db: runtime.db,
          sources: runtime.sources,
          plans: pollPlanStore(runtime),
          hints: pollHintStore(runtime),
          now: pipeline.now,
          applyIntervals: (intervals) =>
            applyCrawlIntervals(runtime.queues.crawl, runtime.sources, intervals),
        }),
        ...webSubJob(runtime),
        (job, { logger }) =>
          job.name === reconcileJobName
            ? reconcile({ ...pipeline, logger }, reconcileOptions(runtime))
            : Promise.resolve(null),
      ]),
      options: { concurrency: 1 },
    },
  ];
}

/** The WebSub subscription job, when PUBLIC_URL says where hubs can reach raqib. */
function webSubJob(runtime: Runtime): JobProcessor[] {
  const publicUrl = runtime.env.PUBLIC_URL;
  if (!publicUrl) return [];
  return [
    createWebSubJob({
      db: runtime.db,
      sources: runtime.sources,
      http: runtime.http,
      createPoster: () => createFormPoster({ timeoutMs: runtime.env.HTTP_TIMEOUT_MS }),
      publicUrl,
      now: runtime.pipeline.now,
    }),
  ];
}

/** Run each processor in turn; the first that handles the job's name (returns non-null) answers. */
function monitorProcessor(processors: JobProcessor[]): JobProcessor {
  return async (job, context) => {
    for (const processor of processors) {
      const result = await processor(job, context);
      if (result !== null) return result;
    }
    return null;
  };
}

export interface WorkerSet {
  workers: Worker[];
  close(): Promise<void>;
}

/** Start a Worker for every row whose role is in `roles`. */
export function startWorkers(
  runtime: Runtime,
  roles: readonly StageRole[],
  overrides: WorkerOverrides = {},
): WorkerSet {
  const { env, logger } = runtime;
  // BullMQ job lock (and stalled-job check interval); a killed worker's jobs return after about twice this.
  const lock = env.WORKER_LOCK_MS
    ? { lockDuration: env.WORKER_LOCK_MS, stalledInterval: env.WORKER_LOCK_MS }
    : {};
  const workers: Worker[] = [];
  for (const row of workerTable(runtime, overrides)) {
    if (!roles.includes(row.role)) continue;
    let worker: Worker | undefined = undefined;
    const processor = edge(logger, row.queue, row.processor, () => worker);
    worker = new Worker(row.queue, processor, {
      connection: runtime.redisTarget.options,
      prefix: env.QUEUE_PREFIX,
      autorun: true,
      ...lock,
      ...row.options,
    });
    logWorkerEvents(worker, logger, runtime.dependencies);
    workers.push(worker);
  }
  return {
    workers,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
