/**
 * Wires the delivery stage: the Discord sender (or the console preview when Discord is not configured), the
 * delivery records, and the BullMQ processor that needs its Worker for rate limits.
 */
import type { Job, Processor, Worker } from 'bullmq';
import { createDeliveryProcessor } from '../../deliver/delivery-processor.js';
import { createDiscordSender } from '../../deliver/discord/discord-sender.js';
import { QUEUE_NAMES } from '../../queues/job-schemas.js';
import type { Runtime } from '../../app/runtime.js';
import { createDeliveriesRepo } from '../../store/deliveries-repo.js';
import { loadLeadTimes, withDeliveryMetrics } from './delivery-metrics.js';
import { loadAlertView } from './load-alert-view.js';

export function createDeliveryStage(runtime: Runtime): {
  processor: Processor;
  attach(workers: Worker[]): void;
  close(): Promise<void>;
} {
  const { env, logger } = runtime;
  const sender =
    runtime.channels[0]?.id === 'console' && runtime.channels.length === 1
      ? runtime.consoleSender
      : createDiscordSender({ token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL, logger });
  let worker: Worker | undefined;
  const processorDeps = {
    deliveries: createDeliveriesRepo(runtime.db),
    sender,
    loadView: (storyId: string) =>
      loadAlertView(runtime.db, runtime.sources, storyId, { feedback: Boolean(env.DISCORD_PUBLIC_KEY) }),
    channels: new Map(runtime.channels.map((c) => [c.id, c])),
    getWorker: () => worker,
    leaseMs: env.DELIVERY_LEASE_MS,
  };
  // One processor per job, so its logs carry the job id; the wrapper observes alert latency when posted.
  const perJob = (job: Job, token?: string) =>
    createDeliveryProcessor({
      ...processorDeps,
      logger: logger.child({ queue: QUEUE_NAMES.deliver, jobId: job.id }),
    })(job, token);
  const processor = withDeliveryMetrics(perJob, {
    metrics: runtime.metrics,
    leadTimes: (storyId) => loadLeadTimes(runtime.db, storyId),
    now: runtime.pipeline.now,
  }) as Processor;
  return {
    processor,
    attach(workers) {
      worker = workers.find((w) => w.name === QUEUE_NAMES.deliver);
    },
    close: () => sender.close(),
  };
}
