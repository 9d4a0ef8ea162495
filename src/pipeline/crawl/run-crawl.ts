/**
 * One crawl of one source: health gate → fallback chain → new candidates → article jobs. Failures are recorded
 * on the source (backoff, automatic pause) and never lose what is already stored or queued.
 */
import { canonicalizeUrl } from '../../dedupe/canonical-url.js';
import { crawlSource, type CrawlOutcome } from '../../fetch/crawl-source.js';
import { failedLayersSummary, servedCrawlStatus } from '../../fetch/crawl/crawl-status.js';
import {
  createSourceHealth,
  DEFAULT_BACKOFF_BASE_MS,
  recordCrawlFailure,
  recordCrawlSuccess,
  type SourceHealth,
} from '../../fetch/source-health.js';
import { findStoredCanonicalUrls } from '../../store/items-repo.js';
import { getSourceHealth, recordCrawl, saveCrawlHealth } from '../../store/sources-repo.js';
import type { CandidateItem } from '../../shared/types.js';
import { articlePriorities } from './article-priority.js';
import { parseFeedTextDate } from './feed-text-date.js';
import { articleJobId } from '../job-ids.js';
import type { PipelineDeps } from '../pipeline-deps.js';

export type CrawlRunResult =
  | { status: 'skipped'; reason: string }
  /** No layer served: the crawl threw, or every layer failed (`error` names each layer's failure). */
  | { status: 'failed'; error: string }
  /** A layer served; `partial` when another layer failed on the way. */
  | {
      status: 'ok' | 'not-modified' | 'partial';
      layer: string;
      candidates: number;
      queued: number;
      notModified: boolean;
    };

export async function runCrawl(sourceId: string, deps: PipelineDeps): Promise<CrawlRunResult> {
  const result = await crawlOnce(sourceId, deps);
  deps.metrics?.crawlFinished(sourceId, result.status);
  return result;
}

async function crawlOnce(sourceId: string, deps: PipelineDeps): Promise<CrawlRunResult> {
  const { db, logger } = deps;
  const source = deps.sources.get(sourceId);
  if (!source) return { status: 'skipped', reason: `unknown source ${sourceId}` };
  if (!source.enabled) return { status: 'skipped', reason: 'disabled in its YAML' };
  const row = await getSourceHealth(db, sourceId);
  const health: SourceHealth = row ?? createSourceHealth();
  const now = deps.now();
  if (health.paused)
    return { status: 'skipped', reason: `paused: ${health.pauseReason ?? 'by an operator'}` };
  if (health.nextAttemptAt && Date.parse(health.nextAttemptAt) > now.getTime()) {
    return { status: 'skipped', reason: `backing off until ${health.nextAttemptAt}` };
  }

  // A crawl killed between its fetch and queueing its article jobs has stored the feed's validators already:
  // the next conditional GET would answer 304 and those items would be missed. A marker held for the length of
  // the crawl tells the next crawl to fetch unconditionally.
  const openKey = `${deps.queues.crawl.opts.prefix ?? 'bull'}:crawl-open:${sourceId}`;
  if ((await deps.redis.set(openKey, now.toISOString(), 'PX', 6 * 3600_000, 'GET')) !== null) {
    logger.info({ sourceId }, 'previous crawl did not finish: fetching without validators');
    for (const layer of source.fetch) await deps.http.forgetValidators?.(layer.url);
  }

  // The first backoff is half an interval (at most the 5-minute default): one failed response costs the next
  // poll, not five minutes of a fast source's items; repeated failures still back off exponentially. The same
  // options apply whether the crawl threw or every layer failed (the usual case: an HTTP 500 from the feed).
  const failureOpts = {
    pauseAfter: source.pauseAfterFailures ?? deps.settings.pauseAfterFailures,
    backoffBaseMs: Math.min(DEFAULT_BACKOFF_BASE_MS, Math.max(1000, source.interval / 2)),
  };
  const started = performance.now();
  const failed = async (message: string, outcome: CrawlOutcome | null): Promise<CrawlRunResult> => {
    const next = recordCrawlFailure(health, message, now, failureOpts);
    await saveCrawlHealth(db, sourceId, next);
    await recordCrawl(db, {
      sourceId,
      startedAt: now,
      layer: null,
      status: 'failed',
      candidates: 0,
      newItems: 0,
      error: message,
      ...(outcome ? { attempts: outcome.attempts } : {}),
      durationMs: Math.round(performance.now() - started),
    });
    logger.warn(
      { sourceId, err: message, failures: next.consecutiveFailures, paused: next.paused },
      'crawl failed',
    );
    await deps.redis.del(openKey);
    return { status: 'failed', error: message };
  };
  let outcome: CrawlOutcome;
  try {
    outcome = await crawlSource(source, {
      http: deps.http,
      browser: deps.browser,
      layerState: deps.layerState,
      now: deps.now,
      logger,
      parseTextDate: parseFeedTextDate,
      maxItemsPerCrawl: deps.settings.maxItemsPerCrawl,
    });
  } catch (error) {
    return failed((error as Error).message, null);
  }
  // Every layer failed (the usual failure: the feed answered 404 or 500): a failed crawl, not an empty success.
  if (outcome.layer === null)
    return failed(failedLayersSummary(outcome.attempts) || 'no layer configured', outcome);
  const layer = outcome.layer;
  const status = servedCrawlStatus(outcome);

  const fresh = await selectFreshCandidates(outcome.candidates, deps);
  // The source's first crawl: no successful crawl recorded in the database (shared by every replica), read before
  // this crawl. Success is recorded only after the article jobs are queued, so a first crawl that failed, or was
  // killed before it got that far, is still the first next time; jobs it did queue keep the flag in their data.
  const firstCrawl = health.lastSuccessAt === null;
  if (fresh.length > 0) {
    const seenAt = now.toISOString();
    const priorities = articlePriorities(
      fresh.map((f) => f.candidate),
      deps,
    );
    await deps.queues.article.addBulk(
      fresh.map(({ candidate, canonicalUrl }, k) => ({
        name: 'article',
        data: {
          sourceId,
          canonicalUrl,
          candidate: stripUndefined(candidate),
          seenAt,
          ...(firstCrawl ? { firstCrawl: true } : {}),
        },
        opts: { jobId: articleJobId(canonicalUrl), priority: priorities[k] ?? 1 },
      })),
    );
  }
  await deps.redis.del(openKey);
  await saveCrawlHealth(db, sourceId, recordCrawlSuccess(health, outcome, now, failureOpts));
  await recordCrawl(db, {
    sourceId,
    startedAt: now,
    layer,
    status,
    candidates: outcome.candidates.length,
    newItems: fresh.length,
    // A partial crawl keeps why the other layers failed; a crawl that cut its entries (maxItemsPerCrawl) or left
    // some out records that too.
    error:
      [status === 'partial' ? failedLayersSummary(outcome.attempts) : null, ...(outcome.problems ?? [])]
        .filter((part): part is string => part !== null)
        .join('; ') || null,
    notModified: outcome.notModified,
    attempts: outcome.attempts,
    durationMs: Math.round(performance.now() - started),
  });
  logger.info(
    {
      sourceId,
      status,
      layer,
      candidates: outcome.candidates.length,
      queued: fresh.length,
      notModified: outcome.notModified,
      ...(firstCrawl ? { firstCrawl: true } : {}),
    },
    'crawl done',
  );
  return {
    status,
    layer,
    candidates: outcome.candidates.length,
    queued: fresh.length,
    notModified: outcome.notModified,
  };
}

/** Candidates whose canonical URL is not stored yet, one per URL. */
async function selectFreshCandidates(candidates: CandidateItem[], deps: PipelineDeps) {
  const byUrl = new Map<string, CandidateItem>();
  for (const candidate of candidates) {
    const canonicalUrl = canonicalizeUrl(candidate.url);
    if (!byUrl.has(canonicalUrl)) byUrl.set(canonicalUrl, candidate);
  }
  const stored = await findStoredCanonicalUrls(deps.db, [...byUrl.keys()]);
  return [...byUrl]
    .filter(([url]) => !stored.has(url))
    .map(([canonicalUrl, candidate]) => ({ canonicalUrl, candidate }));
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
