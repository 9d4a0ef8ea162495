import type { Queue } from 'bullmq';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createDashboardApp, type DashboardDeps } from '../../../src/console/web/app.js';
import { FetchError } from '../../../src/fetch/http/fetch-error.js';
import type { FetchRequestPolicy, HttpClient } from '../../../src/fetch/http/http-types.js';
import { alertLatency, withDeliveryMetrics } from '../../../src/pipeline/deliver/delivery-metrics.js';
import { createMetrics, dropCategory } from '../../../src/app/metrics/metrics.js';
import { withFetchMetrics } from '../../../src/app/metrics/fetch-metrics.js';

const policy = { sourceId: 'alsumaria' } as FetchRequestPolicy;

function fakeQueue(name: string, counts: Record<string, number>): Queue {
  return { name, getJobCounts: async () => counts } as unknown as Queue;
}

describe('metrics', () => {
  it('counts fetches by source and status through the HTTP client wrapper', async () => {
    const metrics = createMetrics();
    let call = 0;
    const inner: HttpClient = {
      async fetchText(url) {
        call++;
        if (call === 1)
          return {
            kind: 'ok',
            url,
            finalUrl: url,
            status: 200,
            contentType: null,
            text: '',
            bytes: 0,
            charset: 'utf-8',
          };
        if (call === 2) return { kind: 'not-modified', url, finalUrl: url };
        if (call === 3) throw new FetchError('http-status', url, 'HTTP 503', { status: 503 });
        throw new FetchError('timeout', url, 'timed out');
      },
      close: async () => undefined,
    };
    const http = withFetchMetrics(inner, metrics);
    await http.fetchText('https://a.example/1', policy);
    await http.fetchText('https://a.example/1', policy);
    await expect(http.fetchText('https://a.example/1', policy)).rejects.toThrow(/503/);
    await expect(http.fetchText('https://a.example/1', policy)).rejects.toThrow(/timed out/);
    const { body } = await metrics.render();
    expect(body).toContain('raqib_fetches_total{source="alsumaria",status="200"} 1');
    expect(body).toContain('raqib_fetches_total{source="alsumaria",status="not-modified"} 1');
    expect(body).toContain('raqib_fetches_total{source="alsumaria",status="503"} 1');
    expect(body).toContain('raqib_fetches_total{source="alsumaria",status="timeout"} 1');
  });

  it('counts items by decision and drop reason, and crawls by status', async () => {
    const metrics = createMetrics();
    metrics.itemStored('a', 'alert', null);
    metrics.itemStored('a', 'drop', 'duplicate');
    metrics.itemStored('a', 'drop', 'below-threshold');
    metrics.itemStored('a', 'drop', 'below-threshold');
    metrics.itemStored('b', 'digest', 'too-old');
    metrics.itemStored('b', 'digest', 'first-crawl-hold');
    metrics.crawlFinished('a', 'ok');
    metrics.crawlFinished('a', 'failed');
    const { body } = await metrics.render();
    expect(body).toContain('raqib_items_total{source="a",decision="alert",reason="none"} 1');
    expect(body).toContain('raqib_items_total{source="a",decision="drop",reason="duplicate"} 1');
    expect(body).toContain('raqib_items_total{source="a",decision="drop",reason="below-threshold"} 2');
    expect(body).toContain('raqib_items_total{source="b",decision="digest",reason="too-old"} 1');
    expect(body).toContain('raqib_crawls_total{source="a",status="failed"} 1');
    expect(body).toContain('raqib_items_total{source="b",decision="digest",reason="first-crawl"} 1');
    expect(
      [null, 'duplicate', 'too-old', 'first-crawl-hold', 'below-threshold'].map((k) =>
        dropCategory(k as never),
      ),
    ).toEqual(['none', 'duplicate', 'too-old', 'first-crawl', 'below-threshold']);
  });

  it('reads queue depths at scrape time', async () => {
    const metrics = createMetrics();
    const counts = { waiting: 3, active: 1, delayed: 0, failed: 2 };
    metrics.watchQueues([fakeQueue('article', counts)]);
    let { body } = await metrics.render();
    expect(body).toContain('raqib_queue_jobs{queue="article",state="waiting"} 3');
    expect(body).toContain('raqib_queue_jobs{queue="article",state="failed"} 2');
    counts.waiting = 7;
    ({ body } = await metrics.render());
    expect(body).toContain('raqib_queue_jobs{queue="article",state="waiting"} 7');
  });

  it('observes the publication-to-post latency when a delivery is posted, and only then', async () => {
    const metrics = createMetrics();
    const now = new Date('2026-03-01T12:00:00Z');
    const outcomes = [
      { kind: 'posted', messageId: '1' },
      { kind: 'edited', messageId: '1' },
      { kind: 'posted', messageId: '2' },
    ];
    let n = 0;
    const processor = withDeliveryMetrics(async () => outcomes[n++], {
      metrics,
      now: () => now,
      leadTimes: async (storyId) =>
        storyId === 's1'
          ? { publishedAt: '2026-03-01T11:55:00Z', fetchedAt: '2026-03-01T11:58:00Z' }
          : { publishedAt: null, fetchedAt: '2026-03-01T11:59:30Z' },
    });
    let { body } = await metrics.render();
    expect(body).not.toContain('raqib_alert_latency_seconds_count{');
    await processor({ data: { storyId: 's1', channelId: 'c' } });
    await processor({ data: { storyId: 's1', channelId: 'c' } }); // edited: not a post
    await processor({ data: { storyId: 's2', channelId: 'c' } });
    ({ body } = await metrics.render());
    expect(body).toContain('raqib_alert_latency_seconds_count{since="published"} 1');
    expect(body).toContain('raqib_alert_latency_seconds_sum{since="published"} 300');
    expect(body).toContain('raqib_alert_latency_seconds_bucket{le="120",since="published"} 0');
    expect(body).toContain('raqib_alert_latency_seconds_bucket{le="300",since="published"} 1');
    expect(body).toContain('raqib_alert_latency_seconds_count{since="first_seen"} 1');
    expect(body).toContain('raqib_alert_latency_seconds_sum{since="first_seen"} 30');
  });

  it('falls back to the first sighting when the publication time is in the future', () => {
    const at = new Date('2026-03-01T12:00:00Z');
    expect(
      alertLatency({ publishedAt: '2026-03-01T14:00:00Z', fetchedAt: '2026-03-01T11:00:00Z' }, at),
    ).toEqual({
      seconds: 3600,
      since: 'first_seen',
    });
  });

  it('serves the registry at /metrics in the Prometheus text format', async () => {
    const metrics = createMetrics();
    metrics.itemStored('a', 'alert', null);
    const deps = {
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      metrics,
    } as unknown as DashboardDeps;
    const res = await createDashboardApp(deps).request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    for (const name of [
      'raqib_fetches_total',
      'raqib_crawls_total',
      'raqib_items_total',
      'raqib_queue_jobs',
      'raqib_alert_latency_seconds',
    ])
      expect(body).toContain(`# TYPE ${name} `);
    expect(body).toContain('raqib_items_total{source="a",decision="alert",reason="none"} 1');
  });
});
