/**
 * `.ci/run` runs this after the tests: fails (exit 1) when Redis still holds keys of a test prefix
 * (tests/helpers/redis-keys.ts), naming each prefix and how many keys it left. REDIS_URL or 127.0.0.1:6379.
 */
import { Redis } from 'ioredis';
import { TEST_KEY_PREFIXES } from '../tests/helpers/redis-keys.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
await redis.connect();
const left = new Map<string, number>();
let cursor = '0';
do {
  const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
  cursor = next;
  for (const key of keys) {
    const prefix = key.split(':')[0] ?? key;
    if (TEST_KEY_PREFIXES.some((p) => prefix.startsWith(p))) left.set(prefix, (left.get(prefix) ?? 0) + 1);
  }
} while (cursor !== '0');
redis.disconnect();
if (left.size === 0) {
  console.log('test keys: none left in Redis');
} else {
  const total = [...left.values()].reduce((a, b) => a + b, 0);
  console.error(
    `test keys: ${total} keys of ${left.size} test prefix(es) left in Redis (tests must delete them):`,
  );
  for (const [prefix, n] of [...left].sort((a, b) => b[1] - a[1])) console.error(`  ${prefix}: ${n}`);
  process.exitCode = 1;
}
