import { describe, expect, it } from 'vitest';
import type { CrawlAttempt, CrawlOutcome } from '../../../../src/fetch/crawl-source.js';
import { crawlStatus, failedLayersSummary } from '../../../../src/fetch/crawl/crawl-status.js';

const attempt = (
  layer: CrawlAttempt['layer'],
  ok: boolean,
  extra: Partial<CrawlAttempt> = {},
): CrawlAttempt => ({
  layer,
  url: `https://outlet.example/${layer}`,
  ok,
  count: ok ? 3 : 0,
  ...extra,
});

function outcome(
  layer: CrawlOutcome['layer'],
  attempts: CrawlAttempt[],
  notModified = false,
): Pick<CrawlOutcome, 'layer' | 'notModified' | 'attempts'> {
  return { layer, notModified, attempts };
}

describe('crawl status', () => {
  it('is failed whenever no layer served, whatever the layers said', () => {
    for (const attempts of [
      [],
      [attempt('feed', false, { error: 'HTTP 404', httpStatus: 404 })],
      [attempt('feed', false, { error: 'HTTP 500' }), attempt('sitemap', false, { error: 'timeout' })],
      [
        attempt('feed', false, {
          error: 'no items found (selectors or format may have changed)',
          httpStatus: 200,
        }),
      ],
      [
        attempt('listing', false),
        attempt('browser', false, { error: 'no browser renderer in this process' }),
      ],
    ])
      expect(crawlStatus(outcome(null, attempts))).toBe('failed');
  });

  it('is ok when the first layer served new content', () => {
    for (const layer of ['feed', 'sitemap', 'listing', 'json', 'browser'] as const)
      expect(crawlStatus(outcome(layer, [attempt(layer, true)]))).toBe('ok');
    // A stale layer that answered is no failure.
    expect(
      crawlStatus(outcome('sitemap', [attempt('feed', true, { stale: true }), attempt('sitemap', true)])),
    ).toBe('ok');
  });

  it('is not-modified when the serving layer answered 304 and nothing failed', () => {
    expect(crawlStatus(outcome('feed', [attempt('feed', true, { notModified: true })], true))).toBe(
      'not-modified',
    );
    expect(
      crawlStatus(
        outcome(
          'feed',
          [
            attempt('feed', true, { notModified: true, stale: true }),
            attempt('sitemap', true, { stale: true }),
          ],
          true,
        ),
      ),
    ).toBe('not-modified');
  });

  it('is partial when a layer served but another failed, before or after it', () => {
    expect(crawlStatus(outcome('sitemap', [attempt('feed', false), attempt('sitemap', true)]))).toBe(
      'partial',
    );
    expect(
      crawlStatus(
        outcome('listing', [attempt('feed', false), attempt('sitemap', false), attempt('listing', true)]),
      ),
    ).toBe('partial');
    // Stale first layer serves as the fallback after the next one failed.
    expect(
      crawlStatus(outcome('feed', [attempt('feed', true, { stale: true }), attempt('sitemap', false)])),
    ).toBe('partial');
    expect(
      crawlStatus(
        outcome('sitemap', [attempt('feed', false), attempt('sitemap', true, { notModified: true })], true),
      ),
    ).toBe('partial');
  });

  it('names each failed layer and its error', () => {
    expect(
      failedLayersSummary([
        attempt('feed', false, { error: 'fetch-http-status: HTTP 404' }),
        attempt('sitemap', true),
        attempt('listing', false),
      ]),
    ).toBe('feed: fetch-http-status: HTTP 404; listing: failed');
    expect(failedLayersSummary([attempt('feed', true)])).toBe('');
  });
});
