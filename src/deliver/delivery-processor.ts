/**
 * The BullMQ edge of delivery: job ids, job options, backoff, and the processor that maps each delivery
 * outcome to what BullMQ should do with the job.
 */
import { createHash } from 'node:crypto';
import { DelayedError, Job, UnrecoverableError, Worker, type JobsOptions } from 'bullmq';
import { z } from 'zod';
import { deliverAlert, type DeliverAlertDeps, type DeliveryOutcome } from './deliver-alert.js';

/** Job data: which story goes to which channel. Everything else is read from the store when the job runs. */
export const deliveryJobDataSchema = z.object({ storyId: z.string().min(1), channelId: z.string().min(1) });
export type DeliveryJobData = z.infer<typeof deliveryJobDataSchema>;

/** BullMQ job name for delivery jobs. */
export const deliveryJobName = 'deliver';
/** The custom backoff type registered by {@link deliveryWorkerSettings}. */
export const deliveryBackoffType = 'raqib-delivery';

/**
 * Job options for delivery jobs: 10 attempts with {@link computeDeliveryBackoff} between them (≈ 2 s … 10 min,
 * ~35 min in all). Failed jobs are kept (their records are `failed` and `raqib deliveries retry` restores them).
 */
export const deliveryJobOptions = {
  attempts: 10,
  backoff: { type: deliveryBackoffType },
  removeOnComplete: { count: 5000 },
  removeOnFail: { count: 5000 },
} as const satisfies JobsOptions;

/** Exponential backoff with jitter: attempt n waits a random time in [½, 1] × min(maxMs, baseMs × 2^(n−1)). */
export function createDeliveryBackoff(options: { baseMs?: number; maxMs?: number } = {}) {
  const baseMs = options.baseMs ?? 2000;
  const maxMs = options.maxMs ?? 10 * 60_000;
  return (attemptsMade: number): number => {
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  };
}

/** The production backoff (base 2 s, cap 10 min). */
export const computeDeliveryBackoff = createDeliveryBackoff();

/**
 * Worker `settings` that register the delivery backoff. Pass them to the delivery Worker:
 * `new Worker(name, processor, { ...deliveryWorkerSettings, connection })`.
 */
export const deliveryWorkerSettings = createDeliveryWorkerSettings();

/** {@link deliveryWorkerSettings} with another base and cap (tests that must not wait minutes). */
export function createDeliveryWorkerSettings(options: { baseMs?: number; maxMs?: number } = {}) {
  const backoff =
    options.baseMs === undefined && options.maxMs === undefined
      ? computeDeliveryBackoff
      : createDeliveryBackoff(options);
  return {
    settings: {
      backoffStrategy: (attemptsMade: number, type?: string): number =>
        type === deliveryBackoffType ? backoff(attemptsMade) : 0,
    },
  };
}

/**
 * A job id per (story, channel, content version): re-adding the same version is a no-op while the job is kept,
 * and a story update gets a new job. Hex, so it contains no `:` and is never an integer (BullMQ rules).
 */
export function deliveryJobId(storyId: string, channelId: string, version = 0, suffix = ''): string {
  const hash = createHash('sha256').update(`${storyId}\u0000${channelId}`).digest('hex').slice(0, 24);
  return `dlv-${hash}-v${version}${suffix ? `-${suffix}` : ''}`;
}

export interface DeliveryProcessorDeps extends DeliverAlertDeps {
  /** The Worker running this processor (needed for `worker.rateLimit`); a getter because it is created after. */
  getWorker: () => Worker | undefined;
}

/**
 * Promote the delayed job of (story, channel, version) so it runs now: the outage backlog's chain. A job that is
 * not delayed (running, waiting, gone) is left alone; its own timer or the reconciler covers it.
 */
function wakeJob(deps: DeliveryProcessorDeps) {
  return async (storyId: string, channelId: string, version: number): Promise<void> => {
    const worker = deps.getWorker();
    if (!worker) return;
    const next = await Job.fromId(worker, deliveryJobId(storyId, channelId, version));
    // A job still running may be about to wait (it saw this post's record unposted): wake it once it does.
    for (let tries = 0; next && tries < 20; tries++) {
      const state = await next.getState();
      if (state === 'delayed') return void (await next.promote().catch(() => undefined));
      if (state !== 'active') return;
      await new Promise((r) => setTimeout(r, 50));
    }
  };
}

/**
 * A BullMQ processor for delivery jobs. Outcomes map to: global rate limit → `worker.rateLimit(ms)` and
 * `Worker.RateLimitError()`; route rate limit → this job delayed by the server's delay (neither uses an
 * attempt); busy → delayed until the other worker's lease ends (no attempt
 * used); retryable → thrown (BullMQ backoff); failed or channel broken → `UnrecoverableError` (the record stays
 * `failed`/`paused` for `raqib deliveries retry`).
 */
export function createDeliveryProcessor(deps: DeliveryProcessorDeps) {
  return async (job: Job, token?: string): Promise<DeliveryOutcome> => {
    const parsed = deliveryJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid delivery job data: ${parsed.error.message}`);
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await deliverAlert({ ...parsed.data, finalAttempt }, { wake: wakeJob(deps), ...deps });
    switch (outcome.kind) {
      case 'posted':
      case 'edited':
      case 'unchanged':
      case 'skipped':
        return outcome;
      case 'rate-limited': {
        // A global limit stops every request of the bot: pause the whole queue. A route (channel) limit
        // only delays this job, so one busy channel does not hold back the others. Neither uses an attempt.
        const worker = deps.getWorker();
        if (outcome.global && worker) {
          await worker.rateLimit(outcome.retryAfterMs);
          throw Worker.RateLimitError();
        }
        await job.moveToDelayed(Date.now() + Math.max(1, outcome.retryAfterMs), token);
        throw new DelayedError();
      }
      case 'busy':
        await job.moveToDelayed(Date.now() + Math.max(100, outcome.retryAfterMs), token);
        throw new DelayedError();
      case 'waiting':
        // The channel's circuit is open (or a passing failure outlived the attempts): wait, using no attempt.
        await job.moveToDelayed(Date.now() + Math.max(100, outcome.retryAfterMs), token);
        throw new DelayedError();
      case 'retryable':
        throw new Error(outcome.reason);
      case 'failed':
        throw new UnrecoverableError(outcome.reason);
      case 'channel-broken':
        throw new UnrecoverableError(`channel ${parsed.data.channelId} paused: ${outcome.reason}`);
    }
  };
}
