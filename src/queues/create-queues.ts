/** The BullMQ queues that connect the stages: crawl → article → deliver, plus digest. */
import { Queue, type ConnectionOptions } from 'bullmq';
import { QUEUE_NAMES } from './job-schemas.js';

export interface Queues {
  crawl: Queue;
  article: Queue;
  deliver: Queue;
  digest: Queue;
  monitor: Queue;
  all(): Queue[];
  close(): Promise<void>;
}

/** Jobs keep their ids for a while after finishing so a re-added id is recognised as a duplicate. */
export const DEFAULT_JOB_OPTIONS = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
  removeOnFail: false,
  attempts: 5,
  backoff: { type: 'exponential', delay: 5_000 },
} as const;

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const make = (name: string) =>
    new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const queues = {
    crawl: make(QUEUE_NAMES.crawl),
    article: make(QUEUE_NAMES.article),
    deliver: make(QUEUE_NAMES.deliver),
    digest: make(QUEUE_NAMES.digest),
    monitor: make(QUEUE_NAMES.monitor),
  };
  return {
    ...queues,
    all: () => Object.values(queues),
    close: async () => {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
