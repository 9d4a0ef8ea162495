/** The real HTTP client for one-off CLI fetches (`explain <url>`, `sources check`), with its Redis connection. */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { httpSettingsFromEnv, type Env } from '../../config/env.js';
import { createHttpClient } from '../../fetch/http/http-client.js';
import type { HttpClient } from '../../fetch/http/http-types.js';

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
