/**
 * The composition root: builds every long-lived resource from the validated environment, once.
 * `createRuntime(env) → { db, redis, queues, http, sources, topics, channels, logger, close() }`.
 */
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ConfigError } from '../shared/errors.js';
import type { CompiledTopic } from '../classify/compile-topic.js';
import { loadTopics } from '../classify/load-topics.js';
import { configuredChannels, type ChannelConfig } from '../config/channels.js';
import { httpSettingsFromEnv, type Env } from '../config/env.js';
import type { Source } from '../config/source-schema.js';
import { loadSources } from '../config/sources.js';
import { StoryIndex } from '../dedupe/story-index.js';
import { loadStoryIndexOptions } from '../dedupe/load-gazetteer-dir.js';
import { createHttpClient } from '../fetch/http/http-client.js';
import type { HttpClient } from '../fetch/http/http-types.js';
import { CONSOLE_CHANNEL, createConsoleSender } from '../deliver/console/console-sender.js';
import {
  createDiscordSender,
  type DiscordSender,
  type DiscordSenderOptions,
} from '../deliver/discord/discord-sender.js';
import { operatorNotifierFromEnv, type OperatorNotifier } from '../deliver/discord/operator-notifier.js';
import { createRedisLayerStateStore } from '../store/redis/redis-layer-state.js';
import { createBrowserIfNeeded, createSecondOpinionFromEnv } from './optional-stages.js';
import { StoryIndexSync } from '../pipeline/article/story-index-sync.js';
import type { PipelineDeps, PipelineSettings } from '../pipeline/pipeline-deps.js';
import { createQueues, type Queues } from '../queues/create-queues.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { createDependencyHealth, type DependencyHealth } from './dependency-health.js';
import { watchDependencies } from './watch-dependencies.js';
import { withDiscordMetrics } from './metrics/discord-metrics.js';
import { withFetchMetrics } from './metrics/fetch-metrics.js';
import { createLogger } from './logger.js';
import { probePostgres, probeRedis } from './startup-probe.js';
import { assertNoEviction } from './redis-eviction-check.js';
import { resolveRedis, type RedisTarget } from './redis-connection.js';
import { openDb, type Db } from '../store/db.js';
import { listSourceHealth, syncSources } from '../store/sources-repo.js';

export interface Runtime {
  env: Env;
  logger: Logger;
  db: Db;
  redis: Redis;
  redisTarget: RedisTarget;
  queues: Queues;
  http: HttpClient;
  sources: Map<string, Source>;
  topics: CompiledTopic[];
  /** The configured channels, or the console pseudo-channel when Discord is not configured. */
  channels: ChannelConfig[];
  /** Prints alert previews; used when `channels` is the console pseudo-channel. */
  consoleSender: DiscordSender;
  /** The process's one Discord REST client for the bot token (alerts, digests, operator notices); null when
   *  neither a Discord channel nor a bot token is configured. */
  discord: DiscordSender | null;
  /** Where alerts and digests go: `discord`, or `consoleSender` when only the console pseudo-channel is set. */
  alertSender: DiscordSender;
  /** Operator notices (OPERATORS_CHANNEL_ID) over `discord`; null = findings are only logged. */
  notifier: OperatorNotifier | null;
  /** Delivery backoff base and cap; absent = the documented 2 s … 10 min. */
  deliveryBackoff: { baseMs?: number; maxMs?: number } | undefined;
  pipeline: PipelineDeps;
  /** Prometheus registry and the pipeline's hooks; served at /metrics by the dashboard. */
  metrics: Metrics;
  /** Redis and PostgreSQL reachability while running (rate-limited logs, `raqib_dependency_up`). */
  dependencies: DependencyHealth;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger?: Logger;
  /** Replace the configured sources (the demo points them at its local server). */
  sources?: Source[];
  settings?: Partial<PipelineSettings>;
  now?: () => Date;
  /** Where console previews go (tests capture them). */
  consoleSender?: DiscordSender;
  /** Replace the configured channels (the chaos test gives its own). */
  channels?: ChannelConfig[];
  /** Tune the Discord sender (tests against the fake Discord: shorter timeouts, no in-process retries). */
  senderOptions?: Partial<Omit<DiscordSenderOptions, 'token' | 'apiUrl' | 'logger'>>;
  /** Delivery backoff base and cap (tests); absent = the documented policy. */
  deliveryBackoff?: { baseMs?: number; maxMs?: number };
  /** Delete every Redis key under QUEUE_PREFIX first (the demo starts from nothing; never for real data). */
  fresh?: boolean;
}

export async function createRuntime(env: Env, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger({ level: env.LOG_LEVEL, pretty: env.LOG_PRETTY });
  const sourceList = options.sources ?? loadSources(resolve(env.SOURCES_DIR));
  if (options.sources === undefined && sourceList.length === 0)
    throw new ConfigError(
      `SOURCES_DIR=${resolve(env.SOURCES_DIR)}: no source files (*.yaml); nothing to watch`,
    );
  const topics = loadTopics(resolve(env.TOPICS_DIR));
  const configured =
    options.channels ??
    configuredChannels(
      env,
      topics.map((t) => t.id),
    );
  const channels = configured.length > 0 ? configured : [CONSOLE_CHANNEL];

  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse())
      await close().catch((error: Error) => logger.warn({ err: error }, 'close failed'));
  };
  try {
    const redisTarget = await resolveRedis({ redisUrl: env.REDIS_URL, dataDir: env.DATA_DIR, logger });
    closers.push(() => redisTarget.stop());
    const budget = { timeoutMs: env.STARTUP_TIMEOUT_MS, logger };
    await probeRedis(redisTarget, budget);
    if (env.DATABASE_URL) await probePostgres(env.DATABASE_URL, budget);
    const redis = new Redis({ ...redisTarget.options, maxRetriesPerRequest: null, lazyConnect: false });
    closers.push(() => redis.quit());
    await assertNoEviction(redis, logger);
    if (options.fresh) await deleteKeysWithPrefix(redis, env.QUEUE_PREFIX);
    const db = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, logger });
    closers.push(() => db.close());
    await syncSources(db, sourceList);
    const queues = createQueues(redisTarget.options, env.QUEUE_PREFIX);
    closers.push(() => queues.close());
    const metrics = createMetrics({ defaultMetrics: true });
    metrics.watchQueues(queues.all());
    const dependencies = createDependencyHealth({ logger, registry: metrics.registry });
    watchDependencies(dependencies, { redis, queues: queues.all(), db, closers });
    metrics.watchSources(() => listSourceHealth(db));
    const http = withFetchMetrics(createHttpClient({ redis, logger, ...httpSettingsFromEnv(env) }), metrics);
    closers.push(() => http.close());
    const sources = new Map(sourceList.map((s) => [s.id, s]));
    const browser = createBrowserIfNeeded(sourceList, env, logger);
    if (browser) closers.push(() => browser.close());
    const now = options.now ?? (() => new Date());
    const consoleSender = options.consoleSender ?? createConsoleSender();
    const consoleOnly = channels.length === 1 && channels[0]?.id === CONSOLE_CHANNEL.id;
    // One discord.js REST client per token per process: alerts, digests and operator notices share its limits.
    const discord =
      !consoleOnly || env.DISCORD_TOKEN
        ? withDiscordMetrics(
            createDiscordSender({
              ...options.senderOptions,
              token: env.DISCORD_TOKEN,
              apiUrl: env.DISCORD_API_URL,
              logger,
            }),
            metrics,
          )
        : null;
    if (discord) closers.push(() => discord.close());
    const alertSender = consoleOnly || !discord ? consoleSender : discord;
    const notifier = operatorNotifierFromEnv(env, discord, logger);
    const storyWindowMs = env.STORY_WINDOW_HOURS * 3600_000;
    const stories = new StoryIndexSync(
      db,
      redis,
      `${env.QUEUE_PREFIX}:lock:story-assign`,
      () =>
        new StoryIndex({
          windowHours: env.STORY_WINDOW_HOURS,
          ...loadStoryIndexOptions(resolve(env.TOPICS_DIR), { fitted: env.STORY_THRESHOLDS !== 'default' }),
        }),
      storyWindowMs,
    );
    const pipeline: PipelineDeps = {
      db,
      redis,
      queues,
      logger,
      http,
      layerState: createRedisLayerStateStore(redis, env.QUEUE_PREFIX),
      browser,
      secondOpinion: createSecondOpinionFromEnv(env, redis, logger),
      sources,
      topics,
      channels,
      stories,
      settings: {
        maxAlertAgeMs: 72 * 3600_000,
        firstCrawlAlertAgeMs: env.FIRST_CRAWL_ALERT_AGE,
        pauseAfterFailures: env.PAUSE_AFTER_FAILURES,
        maxItemsPerCrawl: env.MAX_ITEMS_PER_CRAWL,
        crawlConcurrency: env.CRAWL_CONCURRENCY,
        articleConcurrency: env.ARTICLE_CONCURRENCY,
        aggregatorHoldMs: env.AGGREGATOR_HOLD,
        ...options.settings,
      },
      now,
      metrics,
    };
    logger.info(
      {
        redis: redisTarget.description,
        db: db.kind,
        sources: sources.size,
        topics: topics.map((t) => t.id),
        channels: channels.map((c) => c.id),
      },
      'runtime ready',
    );
    return {
      env,
      logger,
      db,
      redis,
      redisTarget,
      queues,
      http,
      sources,
      topics,
      channels,
      consoleSender,
      discord,
      alertSender,
      notifier,
      deliveryBackoff: options.deliveryBackoff,
      pipeline,
      metrics,
      dependencies,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
