/**
 * The status of one crawl, from what its layers did: `ok` (a layer served new content, no layer failed),
 * `not-modified` (the serving layer answered 304, no layer failed), `partial` (a layer served, but at
 * least one other layer tried failed) and `failed` (no layer served). Stored in `crawls.status`, shown on the
 * dashboard and counted in `raqib_crawls_total{status}`.
 */
import type { CrawlAttempt, CrawlOutcome } from '../crawl-source.js';

export type CrawlStatus = 'ok' | 'not-modified' | 'partial' | 'failed';

export const CRAWL_STATUSES: readonly CrawlStatus[] = ['ok', 'not-modified', 'partial', 'failed'];

export function crawlStatus(outcome: Pick<CrawlOutcome, 'layer' | 'notModified' | 'attempts'>): CrawlStatus {
  return outcome.layer === null ? 'failed' : servedCrawlStatus(outcome);
}

/** The status of a crawl a layer served (`outcome.layer` not null). */
export function servedCrawlStatus(
  outcome: Pick<CrawlOutcome, 'notModified' | 'attempts'>,
): Exclude<CrawlStatus, 'failed'> {
  // A layer that answered but is stale did not fail; every other layer tried and not ok did.
  if (outcome.attempts.some((a) => !a.ok)) return 'partial';
  return outcome.notModified ? 'not-modified' : 'ok';
}

/** One line naming why each failed layer failed, e.g. `feed: HTTP 404; sitemap: no items found`. */
export function failedLayersSummary(attempts: readonly CrawlAttempt[]): string {
  return attempts
    .filter((a) => !a.ok)
    .map((a) => `${a.layer}: ${a.error ?? 'failed'}`)
    .join('; ');
}
