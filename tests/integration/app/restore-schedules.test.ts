/**
 * Schedules lost with Redis's data: after every key of the deployment is gone from Redis (a restart without its
 * append-only file), one check restores the crawl schedulers of every source and the reconciler's, and a second
 * check finds nothing to do. Real Redis and PostgreSQL.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { checkOnce } from '../../../src/app/restore-schedules.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { upsertSchedules } from '../../../src/app/schedules.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { reconcileSchedulerKey } from '../../../src/pipeline/reconcile/reconcile.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const postgresUrl = inject('postgresUrl');
const sources = ['ar', 'en', 'fr'].map((lang) => ({
  ...parseSourceFile(
    `selectors/restore-${lang}.yaml`,
    `name: Restore ${lang}\nlanguage: ${lang === 'fr' ? 'en' : lang}\nfetch:\n  - type: feed\n    url: https://restore-${lang}.example/feed.xml\n`,
  ),
  id: `restore-${lang}`,
}));

describe.skipIf(!postgresUrl)('schedules restored after Redis lost its data', () => {
  let t: TestRuntimeEnv;
  let runtime: Runtime;
  let redis: Redis;
  beforeAll(async () => {
    t = await createTestRuntimeEnv('restore', inject('redisUrl'), postgresUrl as string);
    runtime = await createRuntime(t.env, { sources });
    redis = new Redis(inject('redisUrl'));
  });
  afterAll(async () => {
    await redis?.quit();
    await runtime?.close();
    await t?.cleanup();
  });

  async function wipe(): Promise<number> {
    let cursor = '0';
    let n = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.env.QUEUE_PREFIX}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) n += await redis.del(...keys);
    } while (cursor !== '0');
    return n;
  }
  const crawlKeys = async () => (await runtime.queues.crawl.getJobSchedulers(0, -1)).map((s) => s.key).sort();

  it('finds nothing to restore while the schedules are there', async () => {
    await upsertSchedules(runtime, ['crawl', 'deliver']);
    expect(await crawlKeys()).toHaveLength(3);
    expect(await checkOnce(runtime, ['crawl', 'deliver'])).toBe(false);
  });

  it.each([
    ['crawl and deliver', ['crawl', 'deliver'] as const, 3],
    ['deliver only (no crawl schedules to own)', ['deliver'] as const, 0],
  ])('restores them once after a wipe, for a process with %s', async (_k, roles, crawls) => {
    const before = await crawlKeys();
    expect(await wipe()).toBeGreaterThan(0);
    expect(await runtime.queues.monitor.getJobScheduler(reconcileSchedulerKey)).toBeUndefined();
    expect(await checkOnce(runtime, roles)).toBe(true);
    expect(await runtime.queues.monitor.getJobScheduler(reconcileSchedulerKey)).toBeDefined();
    const after = await crawlKeys();
    expect(after).toHaveLength(crawls);
    if (crawls > 0) expect(after).toEqual(before);
    expect(await checkOnce(runtime, roles)).toBe(false);
  });
});
