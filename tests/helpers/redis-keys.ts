/**
 * Redis keys of a test prefix: tests delete theirs when they finish (queues, BullMQ job schedulers, host slots,
 * caches — everything under `<prefix>:`), and `.ci/run` fails when any key of a test prefix is left
 * (scripts/check-test-keys.mjs, which uses the same prefix list).
 */
import { Redis } from 'ioredis';

/** Prefixes the tests use (tests/helpers/test-runtime-env.ts makes `t-…`; others name their own). */
export const TEST_KEY_PREFIXES = [
  't-',
  'test-',
  'e2e-',
  'digsvc-',
  'dash-',
  'sources-commands-test',
  'pause-after-test',
];

/** Delete every key under `<prefix>:`; returns how many were deleted. */
export async function deleteTestKeys(redisUrl: string, prefix: string): Promise<number> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
