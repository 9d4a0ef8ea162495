/**
 * How long a story's first alert waits because only an aggregator has reported it so far. Aggregators repost
 * other outlets' articles, usually soon after the original; when the aggregator's copy is crawled first, posting
 * at once would credit the aggregator and re-credit the original in an edit. A short hold lets the original join
 * first, so the message credits it from the start (issue 20: an aggregator never takes the lead).
 */
import type { Queue } from 'bullmq';
import { deliveryJobId } from '../../deliver/delivery-processor.js';
import { listStoryItems } from '../../store/items-repo.js';
import { alertLeadOf } from '../article/first-crawl.js';
import type { PipelineDeps } from '../pipeline-deps.js';
import { creditedLead, type CreditCandidate } from './credited-lead.js';

/** Pure: the hold for a story whose alert lead is `lead` (`holdMs` when the credited item is an aggregator's). */
export function holdForCredit<T extends CreditCandidate>(
  items: readonly T[],
  lead: T | undefined,
  isAggregator: (sourceId: string) => boolean,
  holdMs: number,
): number {
  if (!lead || holdMs <= 0) return 0;
  return isAggregator(creditedLead(items, lead, isAggregator).sourceId) ? holdMs : 0;
}

export async function aggregatorHoldMs(
  storyId: string,
  deps: Pick<PipelineDeps, 'db' | 'sources' | 'settings'>,
): Promise<number> {
  const holdMs = deps.settings.aggregatorHoldMs ?? 0;
  if (holdMs <= 0) return 0;
  const items = await listStoryItems(deps.db, storyId);
  const isAggregator = (sourceId: string) => deps.sources.get(sourceId)?.aggregator === true;
  return holdForCredit(items, alertLeadOf(items), isAggregator, holdMs);
}

/**
 * After a story's version went up, drop the previous version's job when it is still waiting out its hold (delayed,
 * never attempted): the new version's job posts the current story at once, so the held one would only wake later
 * to find nothing to do (and keep the queue busy). A job in a retry backoff (attempted) is left alone.
 */
export async function dropHeldJob(
  queue: Pick<Queue, 'getJob'>,
  storyId: string,
  channelId: string,
  previousVersion: number,
): Promise<boolean> {
  if (previousVersion < 0) return false;
  const job = await queue.getJob(deliveryJobId(storyId, channelId, previousVersion));
  if (!job || job.attemptsMade > 0 || (await job.getState()) !== 'delayed') return false;
  try {
    await job.remove();
    return true;
  } catch {
    return false; // taken by a worker meanwhile: it finds the newer version and does the right thing
  }
}
