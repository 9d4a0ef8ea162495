/** What every queue's processor gets from the worker edge (src/app/worker-edge.ts) besides its job. */
import type { Job, Worker } from 'bullmq';
import type { Logger } from 'pino';

export interface JobContext {
  /** Bound to the job's queue and id, so every log line of the job carries them. */
  logger: Logger;
  /** The job's lock token (needed to move it to delayed). */
  token: string | undefined;
  /** The Worker running the job (delivery needs it for `worker.rateLimit`). */
  worker: Worker | undefined;
}

export type JobProcessor = (job: Job, context: JobContext) => Promise<unknown>;
