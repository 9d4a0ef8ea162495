import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createRobotsGate, spreadTtl, type RobotsFetchOutcome } from '../../../src/fetch/http/robots-gate.js';

const HOUR = 3600_000;

describe('robots.txt cache lifetimes', () => {
  it('are spread over the last quarter of the TTL, stable per origin', () => {
    const ttls = Array.from({ length: 1000 }, (_, i) => spreadTtl(`https://outlet-${i}.example`, HOUR));
    expect(Math.min(...ttls)).toBeGreaterThanOrEqual(0.75 * HOUR);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(HOUR);
    expect(spreadTtl('https://outlet-7.example', HOUR)).toBe(ttls[7]);
    // 1,000 hosts crawled together re-fetch robots.txt over 15 minutes, not in one minute.
    const perMinute = new Map<number, number>();
    for (const ttl of ttls)
      perMinute.set(Math.floor(ttl / 60_000), (perMinute.get(Math.floor(ttl / 60_000)) ?? 0) + 1);
    expect(perMinute.size).toBeGreaterThanOrEqual(14);
    expect(Math.max(...perMinute.values())).toBeLessThan(120);
  });

  describe('in the gate', () => {
    let redis: Redis;
    const keyPrefix = `test-robots-${randomUUID()}`;
    beforeAll(() => {
      redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    });
    afterAll(async () => {
      const keys = await redis.keys(`${keyPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });

    it('stores each origin with its own lifetime and keeps thousands of hosts parsed in memory', async () => {
      let clock = 0;
      const fetched: string[] = [];
      const gate = createRobotsGate({
        redis,
        keyPrefix,
        logger: pino({ level: 'silent' }),
        agentToken: 'raqib',
        ttlMs: HOUR,
        now: () => clock,
        fetchRobots: async (url): Promise<RobotsFetchOutcome> => {
          fetched.push(url);
          return { kind: 'text', text: 'User-agent: *\nDisallow: /private\n' };
        },
      });
      const origins = Array.from({ length: 1200 }, (_, i) => `http://host-${i}.test`);
      for (const origin of origins) expect((await gate.check(new URL(`${origin}/feed`))).allowed).toBe(true);
      expect((await gate.check(new URL(`${origins[0]}/private/x`))).allowed).toBe(false);
      expect(fetched).toHaveLength(1200);

      const pttls = await Promise.all(
        origins.slice(0, 50).map((o) => redis.pttl(`${keyPrefix}:http:robots:${o}`)),
      );
      expect(new Set(pttls.map((t) => Math.floor(t / 60_000))).size).toBeGreaterThan(5);
      for (const t of pttls) expect(t).toBeLessThanOrEqual(HOUR);

      // Within the lifetime, a second round is answered from memory: no fetch and no Redis read.
      const calls: string[] = [];
      const monitor = await redis.duplicate().monitor();
      monitor.on('monitor', (_time: string, args: string[]) => {
        if (String(args[1] ?? '').startsWith(keyPrefix)) calls.push(String(args[0]));
      });
      clock = 10 * 60_000;
      for (const origin of origins) await gate.check(new URL(`${origin}/feed`));
      await new Promise((r) => setTimeout(r, 100));
      monitor.disconnect();
      expect(fetched).toHaveLength(1200);
      expect(calls).toEqual([]);
    });
  });
});
