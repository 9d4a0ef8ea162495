/**
 * Prometheus metrics (prom-client), one registry per runtime: fetches by source and status, crawls, items by
 * decision, queue depths (read from BullMQ at scrape time) and the end-to-end latency from an item's
 * publication to its Discord post.
 */
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DropReasonKind } from '../../shared/types.js';

/** The hooks the pipeline calls; every one is cheap and synchronous. */
export interface PipelineMetrics {
  /** One HTTP fetch for a source ended: `status` is the HTTP status, `not-modified`, or a fetch error code. */
  fetchFinished(sourceId: string, status: string): void;
  /** One crawl ended: `ok`, `not-modified`, `error` or `skipped`. */
  crawlFinished(sourceId: string, status: string): void;
  /** A new item was stored with this decision; `dropKind` as stored on the item (decideAlert's reason kind). */
  itemStored(sourceId: string, decision: string, dropKind: DropReasonKind | null): void;
  /** An alert was posted `seconds` after its lead item was published (or first seen, when it states no date). */
  alertPosted(seconds: number, since: 'published' | 'first_seen'): void;
}

export interface Metrics extends PipelineMetrics {
  readonly registry: Registry;
  /** The reconciler re-queued `count` pieces of work of this kind (`delivery`, `story`) that Redis no longer held. */
  reconcilerRecovered(kind: string, count: number): void;
  /** Report these queues' job counts on each scrape. */
  watchQueues(queues: Queue[]): void;
  /** The exposition text and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** Seconds: 10 s … 3 days. Items published days before they are seen land in +Inf. */
export const ALERT_LATENCY_BUCKETS = [
  10,
  30,
  60,
  120,
  300,
  600,
  1800,
  3600,
  3 * 3600,
  6 * 3600,
  12 * 3600,
  24 * 3600,
  72 * 3600,
];

const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'failed',
  'completed',
] as const;

/** The metric label of an item's typed drop reason (`first-crawl` for a first crawl's hold, as before). */
export function dropCategory(dropKind: DropReasonKind | null): string {
  if (!dropKind) return 'none';
  return dropKind === 'first-crawl-hold' ? 'first-crawl' : dropKind;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });
  const fetches = new Counter({
    name: 'raqib_fetches_total',
    help: 'HTTP fetches by source and outcome (HTTP status, not-modified, or error code)',
    labelNames: ['source', 'status'] as const,
    registers: [registry],
  });
  const crawls = new Counter({
    name: 'raqib_crawls_total',
    help: 'Crawls by source and status',
    labelNames: ['source', 'status'] as const,
    registers: [registry],
  });
  const items = new Counter({
    name: 'raqib_items_total',
    help: 'New items stored, by source, decision and reason (duplicate, too-old, first-crawl, below-threshold, none)',
    labelNames: ['source', 'decision', 'reason'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'raqib_alert_latency_seconds',
    help: "Seconds from an item's publication (or first sighting) to its alert's Discord post",
    labelNames: ['since'] as const,
    buckets: ALERT_LATENCY_BUCKETS,
    registers: [registry],
  });
  const recovered = new Counter({
    name: 'raqib_reconciler_recovered_total',
    help: 'Work the reconciler re-queued because Redis no longer held its job, by kind (delivery, story)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  let watched: Queue[] = [];
  new Gauge({
    name: 'raqib_queue_jobs',
    help: 'Jobs in each BullMQ queue by state, read at scrape time',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        watched.map(async (queue) => {
          try {
            const counts = await queue.getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          } catch {
            // Redis unreachable: the queue is left out of this scrape rather than failing it.
          }
        }),
      );
    },
  });
  return {
    registry,
    fetchFinished: (sourceId, status) => fetches.inc({ source: sourceId, status }),
    crawlFinished: (sourceId, status) => crawls.inc({ source: sourceId, status }),
    itemStored: (sourceId, decision, dropKind) =>
      items.inc({ source: sourceId, decision, reason: dropCategory(dropKind) }),
    alertPosted: (seconds, since) => latency.observe({ since }, Math.max(0, seconds)),
    reconcilerRecovered: (kind, count) => recovered.inc({ kind }, count),
    watchQueues(queues) {
      watched = queues;
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
