/**
 * Credit to the original outlet when an aggregator's copy is crawled first (issue 20): the story's first alert
 * waits out AGGREGATOR_HOLD while only the aggregator has reported it; when the original's report joins, its
 * version posts at once, credits the original, and the held job is dropped. A story no original reports is still
 * alerted, once, after the hold. Real Redis, PostgreSQL, deliver worker and the fake Discord.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { startWorkers, type WorkerSet } from '../../../src/app/workers.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import type { Source } from '../../../src/config/source-schema.js';
import { canonicalizeUrl } from '../../../src/dedupe/canonical-url.js';
import { processArticle } from '../../../src/pipeline/article/process-article.js';
import type { ArticleJob } from '../../../src/queues/job-schemas.js';
import { startFakeDiscord, type FakeDiscord } from '../../helpers/fake-discord.js';
import { constructReports } from '../../helpers/live-outlet.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const postgresUrl = inject('postgresUrl');
const CHANNEL = '100000000000000031';
const outlet = (id: string, host: string, aggregator: boolean): Source => ({
  ...parseSourceFile(
    `selectors/${id}.yaml`,
    `name: ${id}
language: en
${aggregator ? 'aggregator: true\n' : ''}allowedHosts: [${host}]
article: { fetch: false }
fetch:
  - type: feed
    url: https://${host}/feed.xml
`,
  ),
  id,
});
const hub = outlet('news-hub', 'hub.example', true);
const original = outlet('original-outlet', 'original.example', false);
const reports = constructReports(2);

function job(source: Source, host: string, index: number): ArticleJob {
  const report = reports[index]!;
  const url = `https://${host}/news/${report.slug}`;
  const now = new Date().toISOString();
  return {
    sourceId: source.id,
    canonicalUrl: canonicalizeUrl(url),
    candidate: { sourceId: source.id, url, title: report.title, summary: report.text, publishedAt: now },
    seenAt: now,
  };
}

describe.skipIf(!postgresUrl)('aggregator hold: the original outlet gets the credit', () => {
  let t: TestRuntimeEnv;
  let runtime: Runtime;
  let fake: FakeDiscord;
  let workers: WorkerSet | null = null;
  beforeAll(async () => {
    fake = await startFakeDiscord({ botToken: 'BOT' });
    t = await createTestRuntimeEnv('aggrhold', inject('redisUrl'), postgresUrl as string, {
      DISCORD_TOKEN: 'BOT',
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_CHANNEL_IDS: CHANNEL,
      AGGREGATOR_HOLD: '3s',
    });
    runtime = await createRuntime(t.env, {
      sources: [hub, original],
      senderOptions: { offset: 0, timeoutMs: 2000, retries: 0 },
    });
    workers = startWorkers(runtime, ['deliver']);
  });
  afterAll(async () => {
    await workers?.close();
    await runtime?.close();
    await t?.cleanup();
    await fake?.close();
  });
  const messages = () => fake.messagesIn(CHANNEL).map((m) => JSON.stringify(m.embeds));

  it("holds the aggregator's alert; the original's report posts it at once, crediting the original", async () => {
    expect(await processArticle(job(hub, 'hub.example', 0), runtime.pipeline)).toMatchObject({
      decision: 'alert',
    });
    expect(await runtime.queues.deliver.getJobCountByTypes('delayed')).toBe(1);
    expect(await runtime.queues.deliver.getJobCountByTypes('waiting', 'prioritized', 'active')).toBe(0);

    await processArticle(job(original, 'original.example', 0), runtime.pipeline);
    // The held job of the first version is gone; the new version's job is not delayed.
    expect(await runtime.queues.deliver.getJobCountByTypes('delayed')).toBe(0);
    const end = Date.now() + 15_000;
    while (messages().length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const [first, ...rest] = messages();
    expect(rest).toHaveLength(0);
    // Credited to the original: its link is the headline's; the aggregator only appears as "also reported by".
    expect(first).toContain(`original.example/news/${reports[0]!.slug}`);
    const embed = fake.messagesIn(CHANNEL)[0]!.embeds?.[0] as { url?: string } | undefined;
    expect(embed?.url).toContain('original.example');
  });

  it('still alerts, once, a story only the aggregator reported, after the hold', async () => {
    const before = messages().length;
    const started = Date.now();
    await processArticle(job(hub, 'hub.example', 1), runtime.pipeline);
    const end = Date.now() + 20_000;
    while (messages().length === before && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    expect(messages()).toHaveLength(before + 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
    expect(messages().at(-1)).toContain(`hub.example/news/${reports[1]!.slug}`);
  });
});
