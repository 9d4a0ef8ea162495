/** What the pipeline steps need; built once by the composition root (src/runtime.ts). */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelConfig } from '../config/channels.js';
import type { Source } from '../config/source-schema.js';
import type { CompiledTopic } from '../classify/compile-topic.js';
import type { HttpClient } from '../fetch/http/http-types.js';
import type { BrowserRenderer } from '../fetch/browser/browser-types.js';
import type { LayerStateStore } from '../fetch/crawl/layer-state.js';
import type { Queues } from '../queues/create-queues.js';
import type { Db } from '../store/db.js';
import type { StoryIndexSync } from './story-index-sync.js';

export interface PipelineSettings {
  /** Items published longer ago than this are stored but never alerted (0 = no limit). */
  maxAlertAgeMs: number;
  /** Consecutive crawl failures before a source is paused automatically. */
  pauseAfterFailures: number;
}

export interface PipelineDeps {
  db: Db;
  redis: Redis;
  queues: Queues;
  logger: Logger;
  http: HttpClient;
  browser?: BrowserRenderer | undefined;
  layerState: LayerStateStore;
  sources: Map<string, Source>;
  topics: CompiledTopic[];
  channels: ChannelConfig[];
  stories: StoryIndexSync;
  settings: PipelineSettings;
  now: () => Date;
}
