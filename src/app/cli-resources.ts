/**
 * The resources one-off CLI commands use, built here (the composition root) rather than in each command: the store,
 * the queues, the Discord sender and the real HTTP client for one-off fetches (`explain <url>`, `sources check`).
 * Long-running roles (`raqib start`, the dashboard) use the whole runtime (runtime.ts) instead.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createDiscordSender, type DiscordSender } from '../deliver/discord/discord-sender.js';
import { createQueues, type Queues } from '../queues/create-queues.js';
import { openDb, type Db } from '../store/db.js';
import { resolveRedis } from './redis-connection.js';
import { httpSettingsFromEnv, type Env } from '../config/env.js';
import { createHttpClient } from '../fetch/http/http-client.js';
import type { HttpClient } from '../fetch/http/http-types.js';

export async function openHttpClient(
  env: Env,
  logger: Logger,
): Promise<{ http: HttpClient; close(): Promise<void> }> {
  const redis = new Redis(env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: 2,
    lazyConnect: true,
  });
  await redis.connect();
  const http = createHttpClient({ redis, logger, ...httpSettingsFromEnv(env) });
  return {
    http,
    close: async () => {
      await http.close();
      redis.disconnect();
    },
  };
}

/** The database the environment names (PostgreSQL, or PGlite under DATA_DIR). */
export function openStore(env: Env, logger?: Logger): Promise<Db> {
  return openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, ...(logger ? { logger } : {}) });
}

/** The queues on the environment's Redis; `close()` closes them and any Redis the CLI had to start. */
export async function openQueues(
  env: Env,
  logger: Logger,
): Promise<{ queues: Queues; close(): Promise<void> }> {
  const redis = await resolveRedis({ redisUrl: env.REDIS_URL, dataDir: env.DATA_DIR, logger });
  const queues = createQueues(redis.options, env.QUEUE_PREFIX);
  return {
    queues,
    close: async () => {
      await queues.close();
      await redis.stop();
    },
  };
}

/** The command's one Discord sender for the bot token (a one-off process: one REST client). */
export function createSenderFromEnv(env: Env, logger: Logger): DiscordSender {
  return createDiscordSender({ token: env.DISCORD_TOKEN, apiUrl: env.DISCORD_API_URL, logger });
}
