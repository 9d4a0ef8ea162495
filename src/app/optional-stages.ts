/**
 * Pipeline parts that exist only when configured: the chromium renderer (when a source has a `browser` layer)
 * and the LLM second opinion (when LLM_API_URL and LLM_MODEL are set). Built by the composition root.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createSecondOpinion, type SecondOpinion } from '../classify/second-opinion.js';
import type { Env } from '../config/env.js';
import type { Source } from '../config/source-schema.js';
import type { BrowserRenderer } from '../fetch/browser/browser-types.js';
import { createChromiumRenderer } from '../fetch/browser/chromium-renderer.js';
import { createRedisVerdictCache } from '../store/redis/redis-verdict-cache.js';

/** Whether any enabled source has a `browser` layer in its fallback chain. */
export function needsBrowser(sources: Iterable<Source>): boolean {
  for (const source of sources)
    if (source.enabled && source.fetch.some((layer) => layer.type === 'browser')) return true;
  return false;
}

/**
 * One renderer per process, only when a source needs it. Chromium itself starts on the first render (so a
 * process that never crawls a browser source, e.g. a deliver-only worker, never launches it).
 */
export function createBrowserIfNeeded(
  sources: Iterable<Source>,
  env: Pick<Env, 'CHROMIUM_PATH' | 'HTTP_TIMEOUT_MS'>,
  logger: Logger,
): BrowserRenderer | undefined {
  if (!needsBrowser(sources)) return undefined;
  logger.info({ executablePath: env.CHROMIUM_PATH }, 'browser layer enabled (chromium starts on first use)');
  return createChromiumRenderer({
    executablePath: env.CHROMIUM_PATH,
    timeoutMs: Math.max(env.HTTP_TIMEOUT_MS, 30_000),
    logger,
  });
}

/** The second opinion when LLM_API_URL and LLM_MODEL are set; verdicts cached in Redis per item and topic. */
export function createSecondOpinionFromEnv(
  env: Pick<Env, 'LLM_API_URL' | 'LLM_MODEL' | 'LLM_API_KEY' | 'LLM_TIMEOUT_MS' | 'QUEUE_PREFIX'>,
  redis: Redis,
  logger: Logger,
): SecondOpinion | undefined {
  if (!env.LLM_API_URL || !env.LLM_MODEL) return undefined;
  logger.info({ model: env.LLM_MODEL }, 'second opinion enabled for near-threshold items');
  return createSecondOpinion({
    baseUrl: env.LLM_API_URL,
    model: env.LLM_MODEL,
    apiKey: env.LLM_API_KEY,
    timeoutMs: env.LLM_TIMEOUT_MS,
    cache: createRedisVerdictCache(redis, env.QUEUE_PREFIX),
    logger,
  });
}
