/** What the pipeline steps need; built once by the composition root (src/runtime.ts). */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelConfig } from '../config/channels.js';
import type { Source } from '../config/source-schema.js';
import type { CompiledTopic } from '../classify/compile-topic.js';
import type { SecondOpinion } from '../classify/second-opinion.js';
import type { HttpClient } from '../fetch/http/http-types.js';
import type { BrowserRenderer } from '../fetch/browser/browser-types.js';
import type { LayerStateStore } from '../fetch/crawl/layer-state.js';
import type { Queues } from '../queues/create-queues.js';
import type { Db } from '../store/db.js';
import type { PipelineMetrics } from './metrics.js';
import type { StoryIndexSync } from './story-index-sync.js';

export interface PipelineSettings {
  /** Items published longer ago than this are stored but never alerted (0 = no limit). */
  maxAlertAgeMs: number;
  /** Consecutive crawl failures before a source is paused automatically. */
  pauseAfterFailures: number;
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
  /** Prometheus hooks (src/pipeline/metrics.ts); absent = nothing is counted. */
  metrics?: PipelineMetrics | undefined;
}
