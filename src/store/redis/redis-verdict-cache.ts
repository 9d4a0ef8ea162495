/**
 * Second-opinion verdicts kept in Redis, per item and topic, so every replica (and a restart) reuses a verdict
 * instead of asking the model again. Entries expire after 30 days; an unreadable entry counts as a miss.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { SecondOpinionCache } from '../../classify/second-opinion.js';

const KEEP_SECONDS = 30 * 24 * 3600;

const verdictSchema = z.object({
  relevant: z.boolean(),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
  model: z.string(),
});

export function createRedisVerdictCache(redis: Redis, prefix: string): SecondOpinionCache {
  const keyOf = (key: string) => `${prefix}:second-opinion:${key}`;
  return {
    async get(key) {
      const raw = await redis.get(keyOf(key));
      if (!raw) return undefined;
      try {
        const parsed = verdictSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, verdict) {
      await redis.set(keyOf(key), JSON.stringify(verdict), 'EX', KEEP_SECONDS);
    },
  };
}
