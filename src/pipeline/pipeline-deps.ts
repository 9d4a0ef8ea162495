/** What the pipeline steps need; built once by the composition root (src/app/runtime.ts). */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelConfig } from '../config/channels.js';
import type { AgeLimit } from '../config/duration.js';
import type { Source } from '../config/source-schema.js';
import type { CompiledTopic } from '../classify/compile-topic.js';
import type { SecondOpinion } from '../classify/second-opinion.js';
import type { HttpClient } from '../fetch/http/http-types.js';
import type { BrowserRenderer } from '../fetch/browser/browser-types.js';
import type { LayerStateStore } from '../fetch/crawl/layer-state.js';
import type { Queues } from '../queues/create-queues.js';
import type { Db } from '../store/db.js';
import type { PipelineMetrics } from '../app/metrics/metrics.js';
import type { StoryIndexSync } from './article/story-index-sync.js';

/** The first-crawl alert age when neither the settings nor the source set one (as FIRST_CRAWL_ALERT_AGE's default). */
export const DEFAULT_FIRST_CRAWL_ALERT_AGE_MS = 6 * 3600_000;

export interface PipelineSettings {
  /** Items published longer ago than this are stored but never alerted (0 = no limit). */
  maxAlertAgeMs: number;
  /** A source's first crawl (no earlier successful crawl recorded) alerts only entries published within this age;
   *  older or undated ones are stored for the digest. `0` = a first crawl alerts nothing; `'off'` = no extra limit
   *  (only maxAlertAgeMs applies). A source's `firstCrawlAlertAge` overrides it (FIRST_CRAWL_ALERT_AGE).
   *  @defaultValue 6 hours ({@link DEFAULT_FIRST_CRAWL_ALERT_AGE_MS}) */
  firstCrawlAlertAgeMs?: AgeLimit;
  /** Consecutive crawl failures before a source is paused automatically. */
  pauseAfterFailures: number;
  /** Most candidates one crawl queues, newest first (MAX_ITEMS_PER_CRAWL); a source's `maxItemsPerCrawl` wins.
   *  @defaultValue 500 */
  maxItemsPerCrawl?: number;
  /** A story whose only creditable reports come from aggregator sources (`aggregator: true`) waits this long
   *  before its first alert, so that the original outlet's report can join and be credited (AGGREGATOR_HOLD;
   *  0 = no wait). @defaultValue 0 (the env default is 2 minutes) */
  aggregatorHoldMs?: number;
  /** Crawl jobs one process runs at once (CRAWL_CONCURRENCY); a first crawl waits the host's politeness delay
   *  after robots.txt, so this too is well above the core count. @defaultValue 32 */
  crawlConcurrency?: number;
  /** Article jobs one process runs at once (ARTICLE_CONCURRENCY); most of a job's time is spent waiting for the
   *  host's politeness slot and the page, so this is well above the core count. @defaultValue 16 */
  articleConcurrency?: number;
}

export interface PipelineDeps {
  db: Db;
  redis: Redis;
  queues: Queues;
  logger: Logger;
  http: HttpClient;
  /** Chromium renderer for `browser` layers; only when a source has one (one browser per process). */
  browser?: BrowserRenderer | undefined;
  /** Optional LLM second opinion for near-threshold items (LLM_API_URL + LLM_MODEL); absent = rules only. */
  secondOpinion?: SecondOpinion | undefined;
  layerState: LayerStateStore;
  sources: Map<string, Source>;
  topics: CompiledTopic[];
  channels: ChannelConfig[];
  stories: StoryIndexSync;
  settings: PipelineSettings;
  now: () => Date;
  /** Prometheus hooks (src/app/metrics/metrics.ts); absent = nothing is counted. */
  metrics?: PipelineMetrics | undefined;
}
