/**
 * Prometheus metrics (prom-client), one registry per runtime: fetches by source and status, crawls by status,
 * items by decision, queue depths and source health (read at scrape time), Discord posts, edits, failures and
 * rate limits per channel, digests per channel, and the end-to-end latency from an item's publication to its
 * Discord post. Every name is documented in docs/monitoring.md.
 */
import type { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DropReasonKind } from '../../shared/types.js';

/** The hooks the pipeline calls; every one is cheap and synchronous. */
export interface PipelineMetrics {
  /** One HTTP fetch for a source ended: `status` is the HTTP status, `not-modified`, or a fetch error code. */
  fetchFinished(sourceId: string, status: string): void;
  /** One crawl ended: `ok`, `not-modified`, `partial`, `failed` or `skipped` (see crawl-status.ts). */
  crawlFinished(sourceId: string, status: string): void;
  /** A new item was stored with this decision; `dropKind` as stored on the item (decideAlert's reason kind). */
  itemStored(sourceId: string, decision: string, dropKind: DropReasonKind | null): void;
  /** An alert was posted `seconds` after its lead item was published (or first seen, when it states no date). */
  alertPosted(seconds: number, since: 'published' | 'first_seen'): void;
  /** A digest run for a channel ended: `sent`, `empty`, `already-done`, `busy` or `failed`. */
  digestFinished(channel: string, outcome: string): void;
}

/** What one Discord call did, for {@link Metrics.discordCall}. */
export type DiscordCallResult =
  | { ok: true }
  /** HTTP 429 (or discord.js's rate-limit error): counted apart from failures, with the server's delay. */
  | { ok: false; rateLimited: true; retryAfterSeconds: number; global: boolean }
  /** `statusClass`: `4xx`, `5xx` or `network` (timeout, reset, no HTTP answer). */
  | { ok: false; rateLimited?: false; statusClass: string };

/** Discord operations counted: `post` (alerts, digests, notices), `edit`, `thread` (start one), `thread-post`,
 *  `check` (channel check). */
export type DiscordOp = 'post' | 'edit' | 'thread' | 'thread-post' | 'check' | 'lookup';

/** A source's health as the gauges read it. */
export interface SourceGaugeRow {
  id: string;
  paused: boolean;
  lastSuccessAt: string | null;
  consecutiveFailures: number;
}

export interface Metrics extends PipelineMetrics {
  readonly registry: Registry;
  /** The reconciler re-queued `count` pieces of work of this kind (`delivery`, `story`) that Redis no longer held. */
  reconcilerRecovered(kind: string, count: number): void;
  /** Report these queues' job counts on each scrape. */
  watchQueues(queues: Queue[]): void;
  /** Read the sources' health on each scrape (last success, paused, consecutive failures). */
  watchSources(load: () => Promise<readonly SourceGaugeRow[]>): void;
  /** One Discord REST call ended; `channel` is the configured channel id (`thread` for thread follow-ups). */
  discordCall(channel: string, op: DiscordOp, result: DiscordCallResult): void;
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

/** Seconds Discord asked to wait (Retry-After): 50 ms … 1 h. */
export const RETRY_AFTER_BUCKETS = [0.05, 0.25, 1, 2, 5, 10, 30, 60, 300, 900, 3600];

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
  const discord = createDiscordMetrics(registry);
  const digests = new Counter({
    name: 'raqib_digests_total',
    help: 'Digest runs per channel by outcome (sent, empty, already-done, busy, failed)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [registry],
  });
  const sources = createSourceGauges(registry);
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
    watchSources: (load) => sources.watch(load),
    discordCall: (channel, op, result) => discord.record(channel, op, result),
    digestFinished: (channel, outcome) => digests.inc({ channel, outcome }),
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

function createDiscordMetrics(registry: Registry) {
  const calls = new Counter({
    name: 'raqib_discord_requests_total',
    help: 'Discord REST calls per channel and operation (post, edit, thread, thread-post, check) by result: ok, 4xx, 5xx, network or 429',
    labelNames: ['channel', 'op', 'result'] as const,
    registers: [registry],
  });
  const posts = new Counter({
    name: 'raqib_discord_posts_total',
    help: 'Messages posted to Discord per channel (alerts, digest pages, thread follow-ups)',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const edits = new Counter({
    name: 'raqib_discord_edits_total',
    help: 'Discord messages edited in place per channel',
    labelNames: ['channel'] as const,
    registers: [registry],
  });
  const failures = new Counter({
    name: 'raqib_discord_failures_total',
    help: 'Failed Discord calls per channel and operation by status class (4xx, 5xx, network); 429 is counted in raqib_discord_rate_limited_total',
    labelNames: ['channel', 'op', 'status_class'] as const,
    registers: [registry],
  });
  const limited = new Counter({
    name: 'raqib_discord_rate_limited_total',
    help: 'Discord calls answered 429 (rate limited) per channel and operation; global = the bot-wide limit',
    labelNames: ['channel', 'op', 'global'] as const,
    registers: [registry],
  });
  const retryAfter = new Histogram({
    name: 'raqib_discord_retry_after_seconds',
    help: 'Seconds Discord asked to wait (Retry-After) on a 429, per channel',
    labelNames: ['channel'] as const,
    buckets: RETRY_AFTER_BUCKETS,
    registers: [registry],
  });
  return {
    record(channel: string, op: DiscordOp, result: DiscordCallResult): void {
      if (result.ok) {
        calls.inc({ channel, op, result: 'ok' });
        if (op === 'post' || op === 'thread-post') posts.inc({ channel });
        else if (op === 'edit') edits.inc({ channel });
      } else if (result.rateLimited) {
        calls.inc({ channel, op, result: '429' });
        limited.inc({ channel, op, global: String(result.global) });
        retryAfter.observe({ channel }, Math.max(0, result.retryAfterSeconds));
      } else {
        calls.inc({ channel, op, result: result.statusClass });
        failures.inc({ channel, op, status_class: result.statusClass });
      }
    },
  };
}

function createSourceGauges(registry: Registry) {
  let load: (() => Promise<readonly SourceGaugeRow[]>) | null = null;
  // One database read per scrape serves the three gauges.
  let pending: Promise<readonly SourceGaugeRow[]> | null = null;
  const rows = (): Promise<readonly SourceGaugeRow[]> => {
    if (!load) return Promise.resolve([]);
    pending ??= load()
      .catch(() => [] as readonly SourceGaugeRow[]) // database unreachable: the gauges are left out
      .finally(() => setTimeout(() => (pending = null), 0));
    return pending;
  };
  const gauge = (name: string, help: string, value: (row: SourceGaugeRow) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['source'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await rows()) {
          const v = value(row);
          if (v !== null) this.set({ source: row.id }, v);
        }
      },
    });
  gauge(
    'raqib_source_last_success_timestamp_seconds',
    'Unix time of the last crawl a layer served, per source (absent until one has)',
    (r) => (r.lastSuccessAt ? Date.parse(r.lastSuccessAt) / 1000 : null),
  );
  gauge(
    'raqib_source_paused',
    '1 when the source is paused (by an operator or after failures), else 0',
    (r) => (r.paused ? 1 : 0),
  );
  gauge(
    'raqib_source_consecutive_failures',
    'Failed crawls in a row, per source',
    (r) => r.consecutiveFailures,
  );
  return {
    watch(next: () => Promise<readonly SourceGaugeRow[]>) {
      load = next;
    },
  };
}
