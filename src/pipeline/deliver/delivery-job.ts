/**
 * The deliver queue: the delivery records, the alert view read from the store, and the BullMQ processor that needs
 * its Worker for rate limits. Job options and backoff: `deliveryJobOptions` / `deliveryWorkerSettings`.
 */
import type { Job } from 'bullmq';
import pino from 'pino';
import type { Metrics } from '../../app/metrics/metrics.js';
import type { JobContext, JobProcessor } from '../job-context.js';
import type { ChannelConfig } from '../../config/channels.js';
import type { Source } from '../../config/source-schema.js';
import type { OutagePolicy } from '../../deliver/deliver-alert.js';
import { createDeliveryProcessor } from '../../deliver/delivery-processor.js';
import type { DiscordSender } from '../../deliver/discord/discord-sender.js';
import type { AlertView } from '../../deliver/discord/format-alert.js';
import type { Db } from '../../store/db.js';
import { createDeliveriesRepo } from '../../store/deliveries-repo.js';
import { loadLeadTimes, withDeliveryMetrics } from './delivery-metrics.js';
import { loadAlertView } from './load-alert-view.js';

const noLogger = pino({ level: 'silent' });

export interface DeliveryJobDeps {
  db: Db;
  sources: Map<string, Source>;
  channels: readonly ChannelConfig[];
  /** The process's one sender (Discord, or the console preview when Discord is not configured). */
  sender: DiscordSender;
  metrics: Metrics;
  now: () => Date;
  /** Alerts carry feedback buttons (DISCORD_PUBLIC_KEY set). */
  feedback: boolean;
  /** PUBLIC_DASHBOARD_URL: alerts link "Why?" to its item page. @defaultValue undefined */
  publicDashboardUrl?: string | undefined;
  leaseMs: number;
  /** Outage circuit and delayed-alert settings (DELIVERY_DELAYED_AFTER, DELIVERY_CIRCUIT_PROBE_MS). */
  outage?: Partial<OutagePolicy>;
  /** Replace how an alert is read from the store (the chaos test synthesises alerts). */
  loadView?: (storyId: string) => Promise<AlertView | null>;
}

/** The deliver queue's processor: one delivery processor per job, so its logs carry the job id. */
export function createDeliveryJob(deps: DeliveryJobDeps): JobProcessor {
  const { db } = deps;
  const shared = {
    deliveries: createDeliveriesRepo(db),
    sender: deps.sender,
    loadView:
      deps.loadView ??
      ((storyId: string) =>
        loadAlertView(db, deps.sources, storyId, {
          feedback: deps.feedback,
          publicDashboardUrl: deps.publicDashboardUrl,
        })),
    channels: new Map(deps.channels.map((c) => [c.id, c])),
    leaseMs: deps.leaseMs,
    ...(deps.outage ? { outage: deps.outage } : {}),
  };
  // The wrapper observes alert latency when posted.
  const run = withDeliveryMetrics<Job, unknown, JobContext>(
    (job, context) =>
      createDeliveryProcessor({
        ...shared,
        logger: context?.logger ?? noLogger,
        getWorker: () => context?.worker,
      })(job, context?.token),
    { metrics: deps.metrics, leadTimes: (storyId) => loadLeadTimes(db, storyId), now: deps.now },
  );
  return (job, context) => run(job, context);
}
