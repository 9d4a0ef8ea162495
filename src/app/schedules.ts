/**
 * BullMQ workers for each stage, and the per-source crawl schedules. Schedules are BullMQ job schedulers:
 * upserted by key, stored in Redis, so any number of replicas keep exactly one schedule per source.
 */
import {
  UnrecoverableError,
  Worker,
  type ConnectionOptions,
  type Job,
  type Processor,
  type Queue,
} from 'bullmq';
import type { Source } from '../config/source-schema.js';
import { articleJobSchema, crawlJobSchema, parseJob, QUEUE_NAMES } from '../queues/job-schemas.js';
import { RaqibError } from '../shared/errors.js';
import { stableFraction } from '../shared/stable-hash.js';
import type { PipelineDeps } from '../pipeline/pipeline-deps.js';
import { processArticle } from '../pipeline/article/process-article.js';
import { runCrawl } from '../pipeline/crawl/run-crawl.js';

export type StageRole = 'crawl' | 'article' | 'deliver' | 'digest';

export interface WorkerSet {
  workers: Worker[];
  close(): Promise<void>;
}

/**
 * Map stage errors at the worker edge: non-retryable errors fail the job at once. Each job gets a logger bound
 * to its queue and job id, so every log line of the job carries them.
 */
function edge<T>(
  deps: PipelineDeps,
  queue: string,
  run: (data: unknown, jobDeps: PipelineDeps, job: Job) => Promise<T>,
): Processor {
  return async (job) => {
    const jobDeps: PipelineDeps = { ...deps, logger: deps.logger.child({ queue, jobId: job.id }) };
    try {
      return await run(job.data, jobDeps, job);
    } catch (error) {
      if (error instanceof RaqibError && !error.retryable) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}

export function startStageWorkers(
  deps: PipelineDeps,
  options: {
    connection: ConnectionOptions;
    prefix: string;
    roles: StageRole[];
    extra?: Partial<Record<StageRole, Processor>>;
    /** BullMQ job lock (and stalled-job check interval); a killed worker's jobs return after about twice this. */
    lockMs?: number;
  },
): WorkerSet {
  const { connection, prefix } = options;
  const workers: Worker[] = [];
  const add = (name: string, processor: Processor, concurrency: number) => {
    const lock = options.lockMs ? { lockDuration: options.lockMs, stalledInterval: options.lockMs } : {};
    const worker = new Worker(name, processor, { connection, prefix, concurrency, autorun: true, ...lock });
    worker.on('failed', (job, error) =>
      deps.logger.warn(
        { queue: name, jobId: job?.id, attempts: job?.attemptsMade, err: error.message },
        'job failed',
      ),
    );
    worker.on('error', (error) => deps.logger.error({ queue: name, err: error.message }, 'worker error'));
    workers.push(worker);
  };
  if (options.roles.includes('crawl')) {
    add(
      QUEUE_NAMES.crawl,
      edge(deps, QUEUE_NAMES.crawl, (data, jobDeps) =>
        runCrawl(parseJob(crawlJobSchema, 'crawl', data).sourceId, jobDeps),
      ),
      deps.settings.crawlConcurrency ?? 32,
    );
  }
  if (options.roles.includes('article')) {
    add(
      QUEUE_NAMES.article,
      edge(deps, QUEUE_NAMES.article, (data, jobDeps, job) =>
        // On the last attempt a retryable page failure is recorded and the feed entry stored (not lost).
        processArticle(parseJob(articleJobSchema, 'article', data), jobDeps, {
          final: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        }),
      ),
      deps.settings.articleConcurrency ?? 16,
    );
  }
  for (const role of ['deliver', 'digest'] as const) {
    const processor = options.extra?.[role];
    if (options.roles.includes(role) && processor)
      add(QUEUE_NAMES[role], processor, role === 'deliver' ? 4 : 1);
  }
  return {
    workers,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

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
