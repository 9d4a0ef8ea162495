/**
 * The one worker edge shared by all five queues: each job gets a logger bound to its queue and job id, and stage
 * errors are mapped to what BullMQ should do (a non-retryable RaqibError → `UnrecoverableError`, failed at once).
 */
import { UnrecoverableError, type Processor, type Worker } from 'bullmq';
import type { Logger } from 'pino';
import { isConnectionError, type DependencyHealth } from './dependency-health.js';
import type { JobContext, JobProcessor } from '../pipeline/job-context.js';
import { RaqibError } from '../shared/errors.js';

/** Wrap `run` as a BullMQ processor; `worker()` is read per job because the Worker is built after the processor. */
export function edge(
  logger: Logger,
  queue: string,
  run: JobProcessor,
  worker: () => Worker | undefined,
): Processor {
  return async (job, token) => {
    const context: JobContext = { logger: logger.child({ queue, jobId: job.id }), token, worker: worker() };
    try {
      return await run(job, context);
    } catch (error) {
      throw toWorkerError(error);
    }
  };
}

/** A non-retryable RaqibError becomes BullMQ's `UnrecoverableError` (keeping the original as `cause`). */
export function toWorkerError(error: unknown): unknown {
  if (error instanceof RaqibError && !error.retryable) {
    const unrecoverable = new UnrecoverableError(error.message);
    (unrecoverable as Error & { cause?: unknown }).cause = error;
    return unrecoverable;
  }
  return error;
}

/** Log failed jobs and worker errors with their stacks (pino's `err` serializer). */
export function logWorkerEvents(worker: Worker, logger: Logger, dependencies?: DependencyHealth): void {
  const queue = worker.name;
  worker.on('failed', (job, error) =>
    logger.warn({ queue, jobId: job?.id, attempts: job?.attemptsMade, err: error }, 'job failed'),
  );
  worker.on('error', (error) => {
    // A lost Redis connection: one rate-limited line for every worker, not a stack trace per retry.
    if (dependencies && isConnectionError(error)) dependencies.down('redis', error);
    else logger.error({ queue, err: error }, 'worker error');
  });
}
