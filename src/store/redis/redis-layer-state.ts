/** Per-layer freshness of each source's fallback chain, kept in Redis so every replica sees the same state. */
import type { Redis } from 'ioredis';
import type { LayerState, LayerStateStore } from '../../fetch/crawl/layer-state.js';

export function createRedisLayerStateStore(redis: Redis, prefix: string): LayerStateStore {
  const key = (sourceId: string) => `${prefix}:layer-state:${sourceId}`;
  return {
    async get(sourceId, layerKey) {
      const raw = await redis.hget(key(sourceId), layerKey);
      if (!raw) return null;
      try {
        return JSON.parse(raw) as LayerState;
      } catch {
        return null;
      }
    },
    async set(sourceId, layerKey, state) {
      await redis.hset(key(sourceId), layerKey, JSON.stringify(state));
    },
  };
}
