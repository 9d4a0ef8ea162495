/**
 * The optional second opinion inside the article stage (real runtime, Redis, PostgreSQL or PGlite) against a local
 * fake OpenAI-compatible endpoint: off by default; when LLM_API_URL + LLM_MODEL are set, a near-threshold item is
 * reviewed, the verdict moves its stored score and decision and is named in its reasons, the verdict is cached in
 * Redis per item and topic, and a timeout keeps the rule score.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { classifyItem } from '../../../src/classify/classify-item.js';
import { loadTopics } from '../../../src/classify/load-topics.js';
import { parseSourceFile } from '../../../src/config/sources.js';
import { canonicalizeUrl } from '../../../src/dedupe/canonical-url.js';
import { processArticle } from '../../../src/pipeline/article/process-article.js';
import { createRuntime, type Runtime } from '../../../src/app/runtime.js';
import { getItemByCanonicalUrl } from '../../../src/store/items-repo.js';
import type { Reason } from '../../../src/shared/types.js';
import { constructReports } from '../../helpers/live-outlet.js';
import { createTestRuntimeEnv, type TestRuntimeEnv } from '../../helpers/test-runtime-env.js';

const redisUrl = inject('redisUrl');
const postgresUrl = inject('postgresUrl');
const topic = loadTopics('topics').find((t) => t.id === 'iraq-drawdown')!;

/** Constructed headlines with partial evidence; the test uses those the rules score near the alert threshold. */
const CANDIDATES: Array<[string, string]> = [
  [
    'Talks on the coalition mission in Iraq continue',
    'Talks between Baghdad and Washington on ending the coalition mission continued on Monday.',
  ],
  [
    'Base handed over',
    'The base was handed over to the Iraqi army after foreign forces left, officials said.',
  ],
  [
    'Coalition advisers to reduce numbers in Iraq',
    'The coalition plans to reduce the number of its advisers in Iraq, a spokesman said, without giving dates.',
  ],
  [
    'Commission to meet on the timetable',
    'The Higher Military Commission will discuss the US withdrawal timetable and the joint statement next week, a coalition official said.',
  ],
  [
    'Foreign troops to leave Iraqi base',
    'Foreign troops stationed at a base in western Iraq are expected to leave it, a local official said.',
  ],
];
const near = CANDIDATES.filter(
  ([title, text]) =>
    Math.abs(classifyItem({ title, text, lang: 'en' }, topic).score - topic.thresholds.alert) <= 0.15,
);

const source = {
  ...parseSourceFile(
    'selectors/near-outlet.yaml',
    `name: Near outlet
language: en
allowedHosts: [near.example]
article: { fetch: false }
fetch:
  - type: feed
    url: https://near.example/feed.xml
`,
  ),
  id: 'near-outlet',
};

let server: Server;
let llmUrl: string;
let mode: 'relevant' | 'not-relevant' | 'hang' = 'relevant';
const requests: Array<{ auth: string | undefined; body: { model: string; messages: unknown[] } }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ auth: req.headers.authorization, body: JSON.parse(body) });
      if (mode === 'hang') return; // never answers: the client times out
      const content =
        mode === 'relevant'
          ? '{"relevant": true, "confidence": 0.95, "reason": "coalition forces leaving Iraq"}'
          : '{"relevant": false, "confidence": 0.9, "reason": "no drawdown event"}';
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  llmUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

let seq = 0;
async function processOne(runtime: Runtime, [title, text]: [string, string], url?: string) {
  const link = url ?? `https://near.example/news/${++seq}-${Date.now()}`;
  const canonicalUrl = canonicalizeUrl(link);
  await processArticle(
    {
      sourceId: source.id,
      canonicalUrl,
      candidate: {
        sourceId: source.id,
        url: link,
        title,
        summary: text,
        publishedAt: new Date().toISOString(),
      },
      seenAt: new Date().toISOString(),
    },
    runtime.pipeline,
  );
  const item = await getItemByCanonicalUrl(runtime.db, canonicalUrl);
  if (!item) throw new Error('item not stored');
  return { item, url: link, canonicalUrl };
}

const opinionOf = (reasons: Reason[]) => reasons.find((r) => r.kind === 'second-opinion')?.label ?? null;

describe('second opinion in the article stage', () => {
  it('has near-threshold constructed items to work with', () => {
    expect(near.length, 'the classifier no longer scores any candidate near the threshold').toBeGreaterThan(
      0,
    );
  });

  describe('off by default', () => {
    let t: TestRuntimeEnv;
    let runtime: Runtime;
    beforeAll(async () => {
      t = await createTestRuntimeEnv('so-off', redisUrl, postgresUrl);
      runtime = await createRuntime(t.env, { sources: [source] });
    });
    afterAll(async () => {
      await runtime?.close();
      await t?.cleanup();
    });

    it('does not call the model and keeps the rule score', async () => {
      expect(runtime.pipeline.secondOpinion).toBeUndefined();
      const before = requests.length;
      const { item } = await processOne(runtime, near[0]!);
      expect(requests.length).toBe(before);
      expect(opinionOf(item.reasons as Reason[])).toBeNull();
      expect(item.score).toBeCloseTo(
        classifyItem({ title: near[0]![0], text: near[0]![1], lang: 'en' }, topic).score,
        2,
      );
    });
  });

  describe('enabled by LLM_API_URL + LLM_MODEL', () => {
    let t: TestRuntimeEnv;
    let runtime: Runtime;
    beforeAll(async () => {
      t = await createTestRuntimeEnv('so-on', redisUrl, postgresUrl, {
        LLM_API_URL: llmUrl,
        LLM_MODEL: 'fake-model',
        LLM_API_KEY: 'sk-pipeline-test',
        LLM_TIMEOUT_MS: '400',
      });
      runtime = await createRuntime(t.env, { sources: [source] });
    });
    afterAll(async () => {
      await runtime?.close();
      await t?.cleanup();
    });

    it('reviews a near-threshold item, stores the blended score, decision and reason', async () => {
      mode = 'not-relevant';
      const before = requests.length;
      const [title, text] = near[0]!;
      const rule = classifyItem({ title, text, lang: 'en' }, topic);
      const { item } = await processOne(runtime, [title, text]);
      expect(requests.length).toBe(before + 1);
      const sent = requests.at(-1)!;
      expect(sent.auth).toBe('Bearer sk-pipeline-test');
      expect(sent.body.model).toBe('fake-model');
      // Not relevant with confidence 0.9: half the score comes from 0.1.
      expect(item.score).toBeCloseTo(0.5 * rule.score + 0.05, 2);
      expect(item.decision).not.toBe('alert');
      expect(opinionOf(item.reasons as Reason[])).toMatch(/second opinion \(fake-model\): not relevant/);
    });

    it('caches the verdict in Redis per item and topic (a restart does not ask again)', async () => {
      mode = 'relevant';
      const [title, text] = near[0]!;
      const first = await processOne(runtime, [title, text]);
      expect(first.item.decision).toBe('alert');
      const asked = requests.length;
      // The same item processed again from scratch (deleted, then a new runtime = another process).
      await runtime.db.query('delete from items where id = $1', [first.item.id]);
      const other = await createRuntime(t.env, { sources: [source] });
      try {
        const again = await processOne(other, [title, text], first.url);
        expect(requests.length).toBe(asked);
        expect(again.item.score).toBe(first.item.score);
        expect(opinionOf(again.item.reasons as Reason[])).toMatch(/fake-model, cached\): relevant/);
      } finally {
        await other.close();
      }
      const keys = await runtime.redis.keys(`${t.env.QUEUE_PREFIX}:second-opinion:*`);
      expect(keys.length).toBeGreaterThanOrEqual(2);
    });

    it('falls back to the rule score on timeout and says so', async () => {
      mode = 'hang';
      const [title, text] = near[near.length > 1 ? 1 : 0]!;
      const rule = classifyItem({ title, text, lang: 'en' }, topic);
      const started = Date.now();
      const { item } = await processOne(runtime, [title, `${text} (timeout case)`]);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(item.score).toBeCloseTo(
        classifyItem({ title, text: `${text} (timeout case)`, lang: 'en' }, topic).score,
        2,
      );
      expect(Math.abs(item.score! - rule.score)).toBeLessThan(0.1);
      expect(opinionOf(item.reasons as Reason[])).toMatch(
        /unavailable \(timeout after 400 ms\) — rule score kept/,
      );
    });

    it('does not ask about items far from the threshold', async () => {
      mode = 'relevant';
      const far = constructReports(10)
        .map((r): [string, string] => [r.title, r.text])
        .find(([title, text]) => classifyItem({ title, text, lang: 'en' }, topic).score > 0.9);
      expect(far, 'no constructed report scores far above the threshold').toBeDefined();
      const before = requests.length;
      const { item } = await processOne(runtime, far!);
      expect(requests.length).toBe(before);
      expect(opinionOf(item.reasons as Reason[])).toBeNull();
    });
  });
});
