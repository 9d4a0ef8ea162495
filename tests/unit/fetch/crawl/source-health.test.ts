import { describe, expect, it } from 'vitest';
import type { CrawlOutcome } from '../../../../src/fetch/crawl-source.js';
import {
  createSourceHealth,
  isCrawlDue,
  recordCrawlFailure,
  recordCrawlSuccess,
  resumeSource,
} from '../../../../src/fetch/source-health.js';

const t0 = new Date('2025-08-24T00:00:00Z');
const ok: CrawlOutcome = {
  layer: 'sitemap',
  layerUrl: 'https://a.example/s.xml',
  candidates: [{ sourceId: 's', url: 'https://a.example/1', title: 't' }],
  notModified: false,
  attempts: [],
};

describe('source health', () => {
  it('backs off exponentially from 5 minutes', () => {
    let h = createSourceHealth();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      h = recordCrawlFailure(h, 'HTTP 503', t0);
      delays.push((Date.parse(h.nextAttemptAt!) - t0.getTime()) / 60_000);
    }
    expect(delays).toEqual([5, 10, 20, 40]);
    expect(h.consecutiveFailures).toBe(4);
    expect(isCrawlDue(h, t0)).toBe(false);
    expect(isCrawlDue(h, new Date(t0.getTime() + 40 * 60_000))).toBe(true);
  });

  it('pauses after the configured count with the reason, and stays paused until resumed', () => {
    let h = createSourceHealth();
    for (let i = 0; i < 3; i++) h = recordCrawlFailure(h, 'feed: HTTP 404', t0, { pauseAfter: 3 });
    expect(h.paused).toBe(true);
    expect(h.pauseReason).toMatch(/3 consecutive failures.*HTTP 404/);
    h = recordCrawlSuccess(h, ok, t0);
    expect(h.paused).toBe(true);
    h = resumeSource(h);
    expect(h).toMatchObject({ paused: false, pauseReason: null, consecutiveFailures: 0 });
  });

  it('records the serving layer and item count, and resets failures on success', () => {
    const h = recordCrawlSuccess(recordCrawlFailure(createSourceHealth(), 'x', t0), ok, t0);
    expect(h).toMatchObject({
      consecutiveFailures: 0,
      lastLayer: 'sitemap',
      lastItemCount: 1,
      lastSuccessAt: t0.toISOString(),
      nextAttemptAt: null,
      lastError: 'x',
    });
  });

  it('treats an outcome with no serving layer as a failure', () => {
    const failed: CrawlOutcome = {
      layer: null,
      layerUrl: null,
      candidates: [],
      notModified: false,
      attempts: [{ layer: 'feed', url: 'u', ok: false, count: 0, error: 'HTTP 500' }],
    };
    const h = recordCrawlSuccess(createSourceHealth(), failed, t0);
    expect(h.consecutiveFailures).toBe(1);
    expect(h.lastError).toBe('feed: HTTP 500');
  });

  it('applies the backoff and pause options of the caller and pause options when no layer served the crawl', () => {
    const failed: CrawlOutcome = {
      layer: null,
      layerUrl: null,
      candidates: [],
      notModified: false,
      attempts: [{ layer: 'feed', url: 'u', ok: false, count: 0, error: 'HTTP 500' }],
    };
    const opts = { backoffBaseMs: 30_000, pauseAfter: 2 };
    let h = recordCrawlSuccess(createSourceHealth(), failed, t0, opts);
    expect(Date.parse(h.nextAttemptAt as string) - t0.getTime()).toBe(30_000);
    h = recordCrawlSuccess(h, failed, t0, opts);
    expect(Date.parse(h.nextAttemptAt as string) - t0.getTime()).toBe(60_000);
    expect(h.paused).toBe(true);
  });

  it('caps the backoff', () => {
    let h = createSourceHealth();
    for (let i = 0; i < 40; i++) h = recordCrawlFailure(h, 'x', t0, { pauseAfter: 0 });
    expect(Date.parse(h.nextAttemptAt!) - t0.getTime()).toBe(6 * 3_600_000);
    expect(h.paused).toBe(false);
  });
});
