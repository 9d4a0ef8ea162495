/**
 * One candidate article: fetch and extract → hash → classify → story → store → schedule alerts.
 * Already-stored URLs with changed content become revisions, not new items.
 */
import { contentHash } from '../../dedupe/content-hash.js';
import { extractArticleWithReport } from '../../extract/extract-article.js';
import { FetchError } from '../../fetch/http/fetch-error.js';
import { policyForSource } from '../../fetch/http/http-types.js';
import { softNotFoundReason } from '../../fetch/http/soft-not-found.js';
import type { ArticleJob } from '../../queues/job-schemas.js';
import {
  getItemByCanonicalUrl,
  insertItem,
  listStoryItems,
  reviseItem,
  type ItemRecord,
} from '../../store/items-repo.js';
import type { Db } from '../../store/db.js';
import { upsertStoryWithItem } from '../../store/stories-repo.js';
import { guessLanguage } from '../../shared/text/normalize-arabic.js';
import type { ExtractedArticle } from '../../shared/types.js';
import { classifyBest, decideAlert, isTooOld } from './decide-alert.js';
import { alertLeadOf, firstCrawlAlertAge } from './first-crawl.js';
import { itemIdFor } from '../job-ids.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import {
  ensureStoryDeliveries,
  scheduleStoryDeliveries,
  storyWasAlerted,
} from '../deliver/schedule-deliveries.js';
import { reviewWithSecondOpinion } from './second-opinion-review.js';

export type ArticleResult =
  | { status: 'unchanged'; itemId: string }
  | { status: 'revised'; itemId: string; revision: number }
  | {
      status: 'stored';
      itemId: string;
      storyId: string;
      decision: string;
      duplicateOf: string | null;
      deliveries: number;
    };

/** Where a job stands in its BullMQ retries. */
export interface ArticleAttempt {
  /** The job's last attempt: a retryable page failure (timeout, 5xx) is then recorded on the item, which is stored
   *  from its feed entry, instead of being thrown for another retry. Default false. */
  final: boolean;
}

export async function processArticle(
  job: ArticleJob,
  deps: PipelineDeps,
  attempt: ArticleAttempt = { final: false },
): Promise<ArticleResult> {
  const source = deps.sources.get(job.sourceId);
  if (!source) throw new Error(`unknown source ${job.sourceId}`);
  const { candidate, canonicalUrl } = job;
  // A feed entry dated beyond the alert window can never alert (nor join a live story): its page is not worth a
  // request, so a first crawl of a long feed costs one request per source instead of one per entry.
  const worthFetching =
    source.article.fetch && !isTooOld(candidate.publishedAt ?? null, deps.settings.maxAlertAgeMs, deps.now());
  const { page, error: fetchError } = worthFetching
    ? await fetchAndExtract(candidate.url, job, deps, attempt)
    : { page: null, error: null };

  const title = candidate.title.trim() || page?.title || '';
  const text = page?.text.trim() || candidate.summary?.trim() || '';
  const lang = page?.lang ?? candidate.language ?? guessLanguage(`${title} ${text}`) ?? source.language;
  const publishedAt = candidate.publishedAt ?? page?.publishedAt ?? null;
  const hash = await contentHash(title, text);
  const itemId = itemIdFor(canonicalUrl);

  const existing = await getItemByCanonicalUrl(deps.db, canonicalUrl);
  if (existing)
    return reviseExisting(
      existing,
      { title, text, hash, modifiedAt: page?.modifiedAt ?? null, sourceId: source.id },
      deps,
    );

  const classification = await reviewWithSecondOpinion(
    { id: itemId, title, text, lang },
    classifyBest({ title, text, lang, publishedAt }, deps.topics),
    deps,
  );
  // A first crawl's backlog is still fetched, classified, stored and clustered (the story exists and the digest
  // lists it); only its alert is held back. The flag comes from the job, so a retried job decides as the first did.
  const firstCrawl = { firstCrawl: job.firstCrawl === true, limit: firstCrawlAlertAge(source, deps) };
  const { assignment } = await deps.stories.assign(
    {
      id: itemId,
      lang,
      title,
      text,
      url: canonicalUrl,
      publishedAt: publishedAt ?? deps.now().toISOString(),
    },
    async (assigned, lockedDb) => {
      const { decision, reason } = decideAlert({
        classification,
        publishedAt,
        at: deps.now(),
        maxAlertAgeMs: deps.settings.maxAlertAgeMs,
        firstCrawl,
        duplicateOf: assigned.duplicateOf,
      });
      await storeItemAndStory(lockedDb, {
        item: {
          id: itemId,
          sourceId: source.id,
          url: candidate.url,
          canonicalUrl,
          guid: candidate.guid ?? null,
          title,
          text,
          lead: page?.lead ?? candidate.summary ?? null,
          author: page?.author ?? null,
          imageUrl: page?.imageUrl ?? candidate.imageUrl ?? null,
          language: lang,
          dir: page?.dir ?? (lang === 'ar' ? 'rtl' : 'ltr'),
          publishedAt,
          modifiedAt: page?.modifiedAt ?? null,
          contentHash: hash,
          topicId: classification.topicId,
          score: classification.score,
          decision,
          reasons: classification.reasons,
          evidence: classification.evidence ?? null,
          dropReason: reason?.detail ?? null,
          dropKind: reason?.kind ?? null,
          storyId: assigned.storyId,
          duplicateOf: assigned.duplicateOf,
          fetchError,
        },
      });
      return decision;
    },
  );

  const stored = await getItemByCanonicalUrl(deps.db, canonicalUrl);
  if (stored) deps.metrics?.itemStored(source.id, stored.decision ?? 'none', stored.dropKind ?? null);
  const deliveries = stored ? await scheduleAlerts(stored, assignment, deps) : 0;
  deps.logger.info(
    {
      itemId,
      sourceId: source.id,
      storyId: assignment.storyId,
      score: classification.score,
      decision: stored?.decision,
      duplicateOf: assignment.duplicateOf,
    },
    'item stored',
  );
  return {
    status: 'stored',
    itemId,
    storyId: assignment.storyId,
    decision: stored?.decision ?? classification.decision,
    duplicateOf: assignment.duplicateOf,
    deliveries,
  };
}

/** The extracted page, or null with why (`<code>: <message>`, recorded on the item) when the page failed. */
async function fetchAndExtract(
  url: string,
  job: ArticleJob,
  deps: PipelineDeps,
  attempt: ArticleAttempt,
): Promise<{ page: ExtractedArticle | null; error: string | null }> {
  const source = deps.sources.get(job.sourceId);
  if (!source) return { page: null, error: null };
  try {
    const response = await deps.http.fetchText(url, policyForSource(source), {
      accept: 'text/html,application/xhtml+xml',
      // The page of an entry the crawl just listed: the same visit to the host as the feed read.
      visit: 'follow',
    });
    if (response.kind !== 'ok') return { page: null, error: null };
    const { article: page, problems } = extractArticleWithReport(response.text, {
      url: response.finalUrl,
      ...(source.article.selectors ? { selectors: source.article.selectors } : {}),
      timeZone: source.timezone,
      fetchedAt: deps.now(),
      feedPublishedAt: job.candidate.publishedAt ?? null,
    });
    // A "page not found" page served with 200 is not the article: handled like a 404 (feed entry, problem noted).
    const notFound = softNotFoundReason(page, response.text);
    if (notFound) throw new FetchError('soft-not-found', response.finalUrl, notFound);
    // An empty or thin body is recorded on the item like a page failure (the empty one is stored from its entry).
    if (problems.length === 0) return { page, error: null };
    deps.logger.warn({ url, sourceId: job.sourceId, problems }, 'article body empty or thin');
    return { page, error: `extract: ${problems.join(', ')} (${page.text.length} characters of body text)` };
  } catch (error) {
    // A retryable failure (timeout, 5xx) lets BullMQ retry, except on the job's last attempt; anything else (too
    // large, redirect loop, private address, host not allowed, robots) falls back to the feed entry at once.
    if (error instanceof FetchError && error.retryable && !attempt.final) throw error;
    const code = error instanceof FetchError ? error.fetchCode : 'extract';
    const message = `${code}: ${(error as Error).message}`;
    deps.logger.warn(
      { url, sourceId: job.sourceId, code, err: error },
      'article page unusable; using the feed entry',
    );
    return { page: null, error: message.length > 1000 ? `${message.slice(0, 999)}…` : message };
  }
}

/** An URL already stored: unchanged (re-ensure its alert after a crash) or revised (edit its alert). */
async function reviseExisting(
  existing: ItemRecord,
  next: { title: string; text: string; hash: string; modifiedAt: string | null; sourceId: string },
  deps: PipelineDeps,
): Promise<ArticleResult> {
  if (existing.contentHash === next.hash) {
    // A retry after a crash between storing the item and scheduling its alert: schedule it now (idempotent). A
    // duplicate counts too: another outlet's copy of an item a first crawl held back leads its story's alert
    // (alertLeadOf); for any other copy the story's lead is the original and nothing new is scheduled.
    if (existing.storyId && existing.decision === 'alert')
      await ensureStoryDeliveries(existing.storyId, deps);
    return { status: 'unchanged', itemId: existing.id };
  }
  const revision = await reviseItem(deps.db, existing.id, {
    title: next.title,
    text: next.text,
    contentHash: next.hash,
    modifiedAt: next.modifiedAt,
  });
  if (existing.storyId && existing.decision === 'alert')
    await scheduleStoryDeliveries(existing.storyId, deps, { update: true });
  deps.logger.info({ itemId: existing.id, sourceId: next.sourceId, revision }, 'item revised');
  return { status: 'revised', itemId: existing.id, revision };
}

/** Schedule what a newly stored item changes on Discord; @returns the number of deliver jobs queued. */
async function scheduleAlerts(
  stored: ItemRecord,
  assignment: { storyId: string; duplicateOf: string | null },
  deps: PipelineDeps,
): Promise<number> {
  if (stored.decision === 'alert' && !assignment.duplicateOf)
    return scheduleStoryDeliveries(assignment.storyId, deps, { update: false });
  if (
    stored.decision === 'alert' &&
    alertLeadOf(await listStoryItems(deps.db, assignment.storyId))?.id === stored.id
  ) {
    // Another outlet's copy of an item a first crawl held back: the story was never posted, so this copy posts it.
    return scheduleStoryDeliveries(assignment.storyId, deps, { update: false });
  }
  if (stored.decision !== 'drop' && (await storyWasAlerted(assignment.storyId, deps))) {
    // Another outlet (or a repost) joined an alerted story: edit the alert ("also reported by"), never re-post.
    // An item the classifier dropped is off-topic whatever the clustering says, so it never edits an alert.
    return scheduleStoryDeliveries(assignment.storyId, deps, { update: true });
  }
  return 0;
}

/** Store the item and its story's summary in one transaction (a duplicate leaves the story's decision alone). */
async function storeItemAndStory(
  db: Db,
  { item }: { item: Parameters<typeof insertItem>[1] & { storyId: string; language: string | null } },
): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertStoryWithItem(tx, {
      id: item.storyId,
      topicId: item.topicId,
      title: item.title ?? '',
      lang: item.language,
      score: item.score,
      decision: item.duplicateOf ? null : item.decision,
    });
    await insertItem(tx, item);
  });
}
