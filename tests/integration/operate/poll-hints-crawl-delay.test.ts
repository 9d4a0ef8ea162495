/**
 * Adaptive polling's hints read the Crawl-delay of the robots.txt the HTTP client cached for a source's feed
 * origin (test Redis, own prefix): a source whose host asks for 45 s gets that floor, capped at a minute; a source
 * that does not obey robots.txt, or whose file sets no delay, gets none.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pollHintStore } from '../../../src/app/poll-stores.js';
import type { Source } from '../../../src/config/source-schema.js';

const source = (id: string, host: string, obey = true): Source =>
  ({
    id,
    enabled: true,
    robots: { obey },
    fetch: [{ type: 'feed', url: `https://${host}/feed.xml` }],
  }) as unknown as Source;

describe('poll hints: robots.txt Crawl-delay', () => {
  let redis: Redis;
  const prefix = `test-hints-${randomUUID().slice(0, 8)}`;
  const text = (body: string) => JSON.stringify({ kind: 'text', text: body });

  beforeAll(async () => {
    redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
    await redis.set(`${prefix}:http:robots:https://slow.example`, text('User-agent: *\nCrawl-delay: 45\n'));
    await redis.set(
      `${prefix}:http:robots:https://glacial.example`,
      text('User-agent: raqib\nCrawl-delay: 600\n'),
    );
    await redis.set(
      `${prefix}:http:robots:https://open.example`,
      text('User-agent: *\nDisallow: /private\n'),
    );
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('turns a cached Crawl-delay into a hint, capped at 60 s, only for sources that obey robots.txt', async () => {
    const sources = new Map(
      [
        source('slow', 'slow.example'),
        source('glacial', 'glacial.example'),
        source('open', 'open.example'),
        source('ignores', 'slow.example', false),
        source('unknown', 'unknown.example'),
      ].map((s) => [s.id, s]),
    );
    const hints = await pollHintStore({
      redis,
      env: { QUEUE_PREFIX: prefix } as never,
      sources,
    }).getAll();
    expect(hints.get('slow')?.crawlDelayMs).toBe(45_000);
    expect(hints.get('glacial')?.crawlDelayMs).toBe(60_000);
    expect(hints.get('open')?.crawlDelayMs).toBeUndefined();
    expect(hints.get('ignores')?.crawlDelayMs).toBeUndefined();
    expect(hints.get('unknown')?.crawlDelayMs).toBeUndefined();
  });
});
