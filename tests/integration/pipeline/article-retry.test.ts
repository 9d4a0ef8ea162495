/**
 * An article job that runs again after its process died between storing the item and scheduling its alert (kill -9,
 * a stalled BullMQ job): the retry finds the item stored and unchanged, and must still schedule the alert once —
 * not lose it, and not turn it into an edit.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSourceFile } from '../../../src/config/sources.js';
import { canonicalizeUrl } from '../../../src/dedupe/canonical-url.js';
import type { ArticleJob } from '../../../src/queues/job-schemas.js';
import { processArticle } from '../../../src/pipeline/article/process-article.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { constructReports } from '../../helpers/live-outlet.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const source = {
  ...parseSourceFile(
    'selectors/retry-outlet.yaml',
    `name: Retry outlet
language: en
allowedHosts: [retry.example]
article: { fetch: false }
fetch:
  - type: feed
    url: https://retry.example/feed.xml
`,
  ),
  id: 'retry-outlet',
};

describe('article job retried after a crash between storing and scheduling', () => {
  let t: TestRuntimeEnv;
  let runtime: Runtime;
  beforeAll(async () => {
    t = await createTestRuntimeEnv('retry', inject('redisUrl'), inject('postgresUrl'), {
      DISCORD_TOKEN: 'x',
      DISCORD_CHANNEL_IDS: '100000000000000001,100000000000000002',
    });
    runtime = await createRuntime(t.env, { sources: [source] });
  });
  afterAll(async () => {
    await runtime?.close();
    await t?.cleanup();
  });

  it('schedules the lost alert once, without a version bump', async () => {
    const report = constructReports(2)[1]!;
    const url = `https://retry.example/news/${report.slug}`;
    const job: ArticleJob = {
      sourceId: source.id,
      canonicalUrl: canonicalizeUrl(url),
      candidate: {
        sourceId: source.id,
        url,
        title: report.title,
        summary: report.text,
        publishedAt: new Date().toISOString(),
      },
      seenAt: new Date().toISOString(),
    };
    const first = await processArticle(job, runtime.pipeline);
    expect(first).toMatchObject({ status: 'stored', decision: 'alert', deliveries: 2 });

    // The crash: the item is committed, but its delivery records and jobs never were.
    await runtime.db.query('delete from deliveries');
    await runtime.queues.deliver.obliterate({ force: true });

    const retried = await processArticle(job, runtime.pipeline);
    expect(retried.status).toBe('unchanged');
    const records = await runtime.db.query<{ channel_id: string; content_version: number }>(
      'select channel_id, content_version from deliveries order by channel_id',
    );
    expect(records.rows).toEqual([
      { channel_id: 'discord-100000000000000001', content_version: 0 },
      { channel_id: 'discord-100000000000000002', content_version: 0 },
    ]);
    expect(await runtime.queues.deliver.getJobCountByTypes('waiting', 'prioritized')).toBe(2);

    // Yet another run adds nothing: same job ids, same versions.
    await processArticle(job, runtime.pipeline);
    expect(await runtime.queues.deliver.getJobCountByTypes('waiting', 'prioritized')).toBe(2);
    const versions = await runtime.db.query<{ n: number }>(
      'select max(content_version)::int as n from deliveries',
    );
    expect(versions.rows[0]?.n).toBe(0);
  });
});
