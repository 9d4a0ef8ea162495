/**
 * The simulated outlets behind `npm run bench:pipeline` (conditional GET, publication record, article pages) and
 * a tiny benchmark run against real Redis and a real database: every item raqib alerts is posted exactly once.
 * Constructed data only (bench/sim generates the articles).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildVocabulary } from '../../../bench/sim/article-text.js';
import { runBench } from '../../../bench/sim/run-bench.js';
import { startSimOutlets, type SimOutlets } from '../../../bench/sim/sim-outlets.js';

describe('simulated outlets', () => {
  let sim: SimOutlets;
  beforeAll(async () => {
    sim = await startSimOutlets({
      outlets: 2,
      ratePerMinute: 0,
      slowShare: 0,
      failShare: 0,
      initialItems: 3,
      vocab: buildVocabulary(null),
    });
  });
  afterAll(async () => sim?.close());

  it('gives each outlet its own host and answers conditional feed requests with 304', async () => {
    const [a, b] = sim.outlets;
    expect(a?.host).not.toBe(b?.host);
    const first = await fetch(a?.feedUrl ?? '');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';
    expect(etag).not.toBe('');
    expect((await first.text()).match(/<item>/g)).toHaveLength(3);
    expect((await fetch(a?.feedUrl ?? '', { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(a?.feedUrl ?? '', { headers: { 'if-modified-since': lastModified } })).status).toBe(
      304,
    );

    const item = sim.publish({ outlet: 0, topical: true, lang: 'ar' });
    expect(item.firstServedAt).toBeNull();
    const unchanged = await fetch(a?.feedUrl ?? '', { headers: { 'if-none-match': etag } });
    expect(unchanged.status).toBe(200);
    expect(unchanged.headers.get('etag')).not.toBe(etag);
    expect(await unchanged.text()).toContain(item.url);
    expect(item.firstServedAt).not.toBeNull();
    expect(item.firstServedAt ?? 0).toBeGreaterThanOrEqual(item.publishedAt);
    expect(sim.items.get(item.id)?.publishedAt).toBe(item.publishedAt);
  });

  it('serves article pages in the item language and records every request', async () => {
    const item = sim.publish({ outlet: 1, topical: false, lang: 'ar' });
    const page = await fetch(item.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('dir="rtl"');
    expect(html).toContain(item.title.replace(/&/g, '&amp;'));
    expect((await fetch(`${sim.outlets[1]?.origin}/a/o1-999999.html`)).status).toBe(404);
    expect(sim.itemForUrl(item.url)).toBe(item);
    const kinds = sim.requests.filter((r) => r.outlet === 1).map((r) => r.kind);
    expect(kinds).toEqual(['article', 'article']);
  });
});

describe('tiny pipeline benchmark', () => {
  it('alerts every published item it posts exactly once, paced per host', async () => {
    const lines: string[] = [];
    const result = await runBench(
      {
        sources: 5,
        minutes: 0.25,
        rate: 16,
        workers: 1,
        intervalMs: 3000,
        topicalShare: 1,
        slowShare: 0,
        failShare: 0,
        minDelayMs: 200,
        redisUrl: inject('redisUrl'),
        postgresUrl: inject('postgresUrl'),
        seed: 7,
        drainMs: 30_000,
        warmupMs: 30_000,
        logLevel: 'warn',
        corpusFile: null,
        keepLogs: false,
      },
      (line) => lines.push(line),
    );
    const c = result.counts;
    expect(c.published, lines.join('\n')).toBeGreaterThan(0);
    expect(c.missed).toBe(0);
    expect(c.duplicated).toBe(0);
    expect(c.alerted).toBeGreaterThan(0);
    expect(c.alerted + c.joined + c.belowAlert + c.mergedUnalerted).toBe(c.published);
    expect(result.latencyMs.publicationToPost.n).toBe(c.alerted);
    expect(result.hosts.pacingViolations).toBe(0);
    expect(result.hosts.maxInFlight).toBe(1);
  }, 90_000);
});
