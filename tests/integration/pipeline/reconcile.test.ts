/**
 * The reconciler against real Redis and PostgreSQL: work recorded in the database whose job Redis lost (the
 * queue obliterated = Redis restarted without its data) is queued again and delivered exactly once to the fake
 * Discord by the production deliver worker; a second run adds nothing.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { startWorkers, type WorkerSet } from '../../../src/app/workers.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { canonicalizeUrl } from '../../../src/dedupe/canonical-url.js';
import { processArticle } from '../../../src/pipeline/article/process-article.js';
import { reconcile } from '../../../src/pipeline/reconcile/reconcile.js';
import type { ArticleJob } from '../../../src/queues/job-schemas.js';
import { listReconcilerStats } from '../../../src/store/reconciler-repo.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';
import { constructReports } from '../../helpers/live-outlet.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const postgresUrl = inject('postgresUrl');
const CHANNELS = ['100000000000000001', '100000000000000002'];
const source = {
  ...parseSourceFile(
    'selectors/reconcile-outlet.yaml',
    `name: Reconcile outlet
language: en
allowedHosts: [reconcile.example]
article: { fetch: false }
fetch:
  - type: feed
    url: https://reconcile.example/feed.xml
`,
  ),
  id: 'reconcile-outlet',
};

function articleJob(index: number): ArticleJob {
  const report = constructReports(index + 1)[index]!;
  const url = `https://reconcile.example/news/${report.slug}`;
  return {
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
}

describe.skipIf(!postgresUrl)('reconciler: work whose job Redis lost', () => {
  let t: TestRuntimeEnv;
  let runtime: Runtime;
  let fake: FakeDiscord;
  let workers: WorkerSet | null = null;
  beforeAll(async () => {
    fake = await startFakeDiscord({ botToken: 'BOT' });
    t = await createTestRuntimeEnv('reconcile', inject('redisUrl'), postgresUrl as string, {
      DISCORD_TOKEN: 'BOT',
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_CHANNEL_IDS: CHANNELS.join(','),
    });
    runtime = await createRuntime(t.env, {
      sources: [source],
      senderOptions: { offset: 0, timeoutMs: 2000, retries: 0 },
    });
  });
  afterAll(async () => {
    await workers?.close();
    await runtime?.close();
    await t?.cleanup();
    await fake?.close();
  });

  const posts = () =>
    fake.requests.filter((r) => r.route === 'POST /channels/:id/messages' && r.status === 200);
  async function deliverAll(expected: number): Promise<void> {
    workers ??= startWorkers(runtime, ['deliver']);
    const end = Date.now() + 20_000;
    for (;;) {
      const { rows } = await runtime.db.query<{ n: number }>(
        `select count(*)::int as n from deliveries where state = 'posted'`,
      );
      if (rows[0]?.n === expected) return;
      if (Date.now() > end) throw new Error(`only ${rows[0]?.n} of ${expected} deliveries posted`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('re-queues pending deliveries and alerted stories without a job, once, and each is posted once', async () => {
    // Three alerts stored; the first two have delivery records whose jobs Redis lost, the third lost its
    // article job after the item was stored (no delivery record at all).
    for (const i of [0, 1, 2]) {
      const stored = await processArticle(articleJob(i), runtime.pipeline);
      expect(stored).toMatchObject({ status: 'stored', decision: 'alert' });
    }
    const third = await runtime.db.query<{ story_id: string }>(
      `select story_id from items where url like '%report-3'`,
    );
    await runtime.db.query('delete from deliveries where story_id = $1', [third.rows[0]!.story_id]);
    await runtime.queues.deliver.obliterate({ force: true });
    expect(await runtime.queues.deliver.getJobCountByTypes('waiting', 'prioritized', 'delayed')).toBe(0);

    const result = await reconcile(runtime.pipeline, { graceMs: 0 });
    expect(result.recovered).toEqual({ delivery: 4, story: 1 });
    expect(await runtime.queues.deliver.getJobCountByTypes('waiting', 'prioritized')).toBe(6);
    // Idempotent: the jobs exist now, so a second pass (another replica) adds nothing.
    expect((await reconcile(runtime.pipeline, { graceMs: 0 })).recovered).toEqual({ delivery: 0, story: 0 });
    expect(await runtime.queues.deliver.getJobCountByTypes('waiting', 'prioritized')).toBe(6);

    await deliverAll(6);
    for (const channel of CHANNELS) {
      const urls = fake
        .messagesIn(channel)
        .map((m) => /reconcile\.example\/news\/report-\d/.exec(JSON.stringify(m.embeds))?.[0]);
      expect(urls.sort()).toEqual([1, 2, 3].map((n) => `reconcile.example/news/report-${n}`));
    }
    expect(posts()).toHaveLength(6);
    const stats = await listReconcilerStats(runtime.db);
    expect(stats.find((s) => s.kind === 'delivery')?.recovered).toBe(4);
    expect(stats.find((s) => s.kind === 'story')?.recovered).toBe(1);
  });

  it('leaves delivered work and young records alone, and recovers a claim whose worker died', async () => {
    const before = posts().length;
    await workers?.close();
    workers = null;
    await runtime.queues.deliver.obliterate({ force: true });
    // Everything is posted: nothing to recover.
    expect((await reconcile(runtime.pipeline, { graceMs: 0 })).recovered).toEqual({ delivery: 0, story: 0 });
    // A claim left behind by a dead process (posting, lease expired, job gone) is recovered after the grace.
    const stored = await processArticle(articleJob(3), runtime.pipeline);
    expect(stored).toMatchObject({ status: 'stored', decision: 'alert' });
    await runtime.queues.deliver.obliterate({ force: true });
    await runtime.db.query(
      `update deliveries set state = 'posting', lease_owner = 'dead', lease_until = now() - interval '1 second'
       where state = 'pending'`,
    );
    expect((await reconcile(runtime.pipeline, { graceMs: 60_000 })).recovered.delivery).toBe(0);
    await runtime.db.query(
      `update deliveries set updated_at = now() - interval '2 minutes' where state = 'posting'`,
    );
    expect((await reconcile(runtime.pipeline, { graceMs: 60_000 })).recovered.delivery).toBe(2);
    await deliverAll(8);
    expect(posts().length - before).toBe(2);
  });

  it('re-queues 2,000 pending deliveries in one pass, in batches, counted once when replicas reconcile at once', async () => {
    await workers?.close();
    workers = null;
    await runtime.queues.deliver.obliterate({ force: true });
    // 1,000 stories × 2 channels pending, their jobs gone (Redis restarted without its data).
    await runtime.db.query(
      `insert into deliveries (story_id, channel_id, state, nonce, created_at, updated_at)
       select 'bulk-' || g, c, 'pending', substr(md5(g::text || c), 1, 16), now() - interval '5 minutes',
              now() - interval '5 minutes'
       from generate_series(1, 1000) g, unnest($1::text[]) c`,
      [runtime.channels.map((c) => c.id)],
    );
    const started = Date.now();
    // Three replicas at once (after Redis came back each runs a pass): one does the work, none counts twice.
    const passes = await Promise.all([1, 2, 3].map(() => reconcile(runtime.pipeline, { graceMs: 60_000 })));
    const tookMs = Date.now() - started;
    expect(passes.reduce((n, p) => n + p.recovered.delivery, 0)).toBe(2000);
    expect(await runtime.queues.deliver.getJobCountByTypes('waiting', 'prioritized')).toBe(2000);
    // Batched lookups and bulk adds: well within one reconciler period (60 s by default), where one round trip per
    // record and per call took tens of seconds under load.
    expect(tookMs).toBeLessThan(15_000);
    expect((await reconcile(runtime.pipeline, { graceMs: 60_000 })).recovered.delivery).toBe(0);
    await runtime.queues.deliver.obliterate({ force: true });
    await runtime.db.query(`delete from deliveries where story_id like 'bulk-%'`);
  });
});
