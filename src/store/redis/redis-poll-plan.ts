/**
 * The current adaptive polling plan (interval and why, per source), kept in Redis so every replica and the
 * dashboard read the same plan, and a restart keeps the learned intervals instead of resetting them.
 */
import type { Redis } from 'ioredis';

export interface StoredPollInterval {
  intervalMs: number;
  why: string;
  /** When the plan was made (ISO). */
  at: string;
}

export interface PollPlanStore {
  getAll(): Promise<Map<string, StoredPollInterval>>;
  setAll(entries: ReadonlyMap<string, StoredPollInterval>): Promise<void>;
}

export function createRedisPollPlanStore(redis: Redis, prefix: string): PollPlanStore {
  const key = `${prefix}:poll-plan`;
  return {
    async getAll() {
      const raw = await redis.hgetall(key);
      const out = new Map<string, StoredPollInterval>();
      for (const [id, value] of Object.entries(raw)) {
        try {
          const parsed = JSON.parse(value) as StoredPollInterval;
          if (typeof parsed.intervalMs === 'number' && parsed.intervalMs > 0) out.set(id, parsed);
        } catch {
          // A damaged entry is ignored: the source falls back to its configured interval.
        }
      }
      return out;
    },
    async setAll(entries) {
      const multi = redis.multi().del(key);
      for (const [id, value] of entries) multi.hset(key, id, JSON.stringify(value));
      await multi.exec();
    },
  };
}

/** What a source's own responses say about polling it, recorded by its crawls. */
export interface PollHints {
  /** robots.txt `Crawl-delay` (ms). */
  crawlDelayMs?: number;
  /** The feed's freshness lifetime from `Cache-Control`/`Expires` (ms). */
  freshForMs?: number;
  /** RSS `<ttl>` (ms). */
  ttlMs?: number;
  /** RSS `<skipHours>` (UTC hours 0–23). */
  skipHours?: number[];
}

export interface PollHintStore {
  getAll(): Promise<Map<string, PollHints>>;
  set(sourceId: string, hints: PollHints): Promise<void>;
}

export function createRedisPollHintStore(redis: Redis, prefix: string): PollHintStore {
  const key = `${prefix}:poll-hints`;
  return {
    async getAll() {
      const raw = await redis.hgetall(key);
      const out = new Map<string, PollHints>();
      for (const [id, value] of Object.entries(raw)) {
        try {
          out.set(id, JSON.parse(value) as PollHints);
        } catch {
          // ignored: no hints for that source
        }
      }
      return out;
    },
    async set(sourceId, hints) {
      await redis.hset(key, sourceId, JSON.stringify(hints));
    },
  };
}
