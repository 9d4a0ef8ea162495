import { describe, expect, it, vi } from 'vitest';
import { assertNoEviction, type RedisConfigReader } from '../../../src/app/redis-eviction-check.js';

const fakeRedis = (reply: unknown | Error): RedisConfigReader => ({
  config: () => (reply instanceof Error ? Promise.reject(reply) : Promise.resolve(reply)),
});

describe('assertNoEviction', () => {
  it('accepts noeviction', async () => {
    const logger = { warn: vi.fn() };
    await expect(
      assertNoEviction(fakeRedis(['maxmemory-policy', 'noeviction']), logger),
    ).resolves.toBeUndefined();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it.each([
    'allkeys-lru',
    'volatile-lru',
    'allkeys-lfu',
    'volatile-ttl',
    'allkeys-random',
    'volatile-random',
  ])('refuses %s with a message naming the policy and the fix', async (policy) => {
    await expect(
      assertNoEviction(fakeRedis(['maxmemory-policy', policy]), { warn: vi.fn() }),
    ).rejects.toThrow(new RegExp(`REDIS_URL: Redis maxmemory-policy is "${policy}".*noeviction`));
  });

  it('warns and goes on when CONFIG is refused or the reply is empty', async () => {
    const logger = { warn: vi.fn() };
    await assertNoEviction(fakeRedis(new Error("ERR unknown command 'CONFIG'")), logger);
    await assertNoEviction(fakeRedis([]), logger);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});
