/**
 * One crawl of one source: health gate → fallback chain → new candidates → article jobs. Failures are recorded
 * on the source (backoff, automatic pause) and never lose what is already stored or queued.
 */
import { canonicalizeUrl } from '../../dedupe/canonical-url.js';
import { crawlSource } from '../../fetch/crawl-source.js';
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
  | { status: 'error'; error: string }
  | { status: 'ok'; layer: string | null; candidates: number; queued: number; notModified: boolean };

export async function runCrawl(sourceId: string, deps: PipelineDeps): Promise<CrawlRunResult> {
  const result = await crawlOnce(sourceId, deps);
  const status = result.status === 'ok' && result.notModified ? 'not-modified' : result.status;
  deps.metrics?.crawlFinished(sourceId, status);
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
  let outcome;
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
    const message = (error as Error).message;
    const next = recordCrawlFailure(health, message, now, failureOpts);
    await saveCrawlHealth(db, sourceId, next);
    await recordCrawl(db, {
      sourceId,
      startedAt: now,
      layer: null,
      status: 'error',
      candidates: 0,
      newItems: 0,
      error: message,
    });
    logger.warn(
      { sourceId, err: message, failures: next.consecutiveFailures, paused: next.paused },
      'crawl failed',
    );
    await deps.redis.del(openKey);
    return { status: 'error', error: message };
  }

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
    layer: outcome.layer,
    status: outcome.notModified ? 'not-modified' : 'ok',
    candidates: outcome.candidates.length,
    newItems: fresh.length,
    // A crawl that served but cut its entries (maxItemsPerCrawl) or left some out records why on the crawl.
    error: outcome.problems?.join('; ') ?? null,
  });
  logger.info(
    {
      sourceId,
      layer: outcome.layer,
      candidates: outcome.candidates.length,
      queued: fresh.length,
      notModified: outcome.notModified,
      ...(firstCrawl ? { firstCrawl: true } : {}),
    },
    'crawl done',
  );
  return {
    status: 'ok',
    layer: outcome.layer,
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
