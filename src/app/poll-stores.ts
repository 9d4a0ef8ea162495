/** The adaptive polling stores of a runtime (Redis, under the queue prefix). */
import type { Source } from '../config/source-schema.js';
import { cachedCrawlDelayMs } from '../fetch/http/robots-gate.js';
import { ROBOTS_AGENT_TOKEN } from '../fetch/http/user-agent.js';
import { createValidatorStore } from '../fetch/http/validator-store.js';
import {
  createRedisPollHintStore,
  createRedisPollPlanStore,
  type PollHints,
  type PollHintStore,
  type PollPlanStore,
} from '../store/redis/redis-poll-plan.js';
import type { Runtime } from './runtime.js';

type RuntimeParts = Pick<Runtime, 'redis' | 'env'> & { sources: ReadonlyMap<string, Source> };

export function pollPlanStore(runtime: Pick<Runtime, 'redis' | 'env'>): PollPlanStore {
  return createRedisPollPlanStore(runtime.redis, runtime.env.QUEUE_PREFIX);
}

/**
 * Hints per source: those recorded under `poll-hints`, plus the freshness lifetime (Cache-Control max-age) the
 * HTTP client stored with its conditional-GET validators for the source's first layer URL, and the Crawl-delay of
 * the robots.txt it cached for that URL's origin.
 */
export function pollHintStore(runtime: RuntimeParts): PollHintStore {
  const recorded = createRedisPollHintStore(runtime.redis, runtime.env.QUEUE_PREFIX);
  const validators = createValidatorStore(runtime.redis, runtime.env.QUEUE_PREFIX);
  return {
    async getAll() {
      const hints = await recorded.getAll();
      const out = new Map<string, PollHints>(hints);
      for (const source of runtime.sources.values()) {
        const url = source.fetch[0]?.url;
        if (!source.enabled || !url) continue;
        const { freshForMs } = await validators.read(url);
        if (freshForMs && freshForMs > 0) out.set(source.id, { ...out.get(source.id), freshForMs });
        // The robots.txt the HTTP client cached for the feed's origin: its Crawl-delay is a floor for planning.
        const crawlDelayMs = source.robots.obey
          ? await cachedCrawlDelayMs(runtime.redis, runtime.env.QUEUE_PREFIX, url, ROBOTS_AGENT_TOKEN)
          : undefined;
        if (crawlDelayMs) out.set(source.id, { ...out.get(source.id), crawlDelayMs });
      }
      return out;
    },
    set: (sourceId, hints) => recorded.set(sourceId, hints),
  };
}

/** The stored plan's intervals by source id. */
export async function plannedIntervals(plans: PollPlanStore): Promise<Map<string, number>> {
  return new Map([...(await plans.getAll())].map(([id, p]) => [id, p.intervalMs]));
}
