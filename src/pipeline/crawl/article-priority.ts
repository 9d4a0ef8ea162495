/**
 * The order article jobs run in, decided from the feed entry alone: an entry whose title and summary already
 * score on a topic goes first, then other fresh entries, then entries too old to alert. Within the per-host
 * politeness budget this spends the next request to an outlet on the page most likely to become an alert.
 *
 * Within a tier, the entries of one crawl are ranked newest first and the rank is added to the priority: the
 * newest promising entry of every source runs before the second one of any source. A first crawl of many
 * sources (each listing dozens of fresh entries) then keeps the article workers spread over many hosts instead of
 * queueing them all behind one host's politeness delay, and the freshest news of each outlet comes out first.
 */
import { classifyItem } from '../../classify/classify-item.js';
import type { CandidateItem } from '../../shared/types.js';
import type { PipelineDeps } from '../pipeline-deps.js';

/** BullMQ priorities (1 = first) of each tier's first entry. Every article job gets one, so none jumps the queue
 *  by having none. A tier spans `RANK_SPAN` values, so the tiers never interleave. */
export const ARTICLE_PRIORITY = { promising: 1, fresh: 1_000, old: 100_000 } as const;
/** Ranks beyond this share the tier's last priority. */
export const RANK_SPAN = 999;

type Entry = Pick<CandidateItem, 'title' | 'summary' | 'publishedAt' | 'language'>;
type PriorityDeps = Pick<PipelineDeps, 'topics' | 'settings' | 'now'>;

/** The tier of one feed entry (its priority as the only entry of its crawl). */
export function articlePriority(candidate: Entry, deps: PriorityDeps): number {
  const published = candidate.publishedAt ? Date.parse(candidate.publishedAt) : NaN;
  const maxAge = deps.settings.maxAlertAgeMs;
  if (maxAge > 0 && Number.isFinite(published) && deps.now().getTime() - published > maxAge)
    return ARTICLE_PRIORITY.old;
  const entry = {
    title: candidate.title,
    text: candidate.summary ?? '',
    lang: candidate.language ?? null,
    publishedAt: candidate.publishedAt ?? null,
  };
  for (const topic of deps.topics) {
    if (classifyItem(entry, topic).decision !== 'drop') return ARTICLE_PRIORITY.promising;
  }
  return ARTICLE_PRIORITY.fresh;
}

/**
 * Priorities for the new entries of one crawl, in the order given: tier + the entry's rank within its tier
 * (newest first; undated entries count as newest and keep their feed order).
 */
export function articlePriorities(candidates: readonly Entry[], deps: PriorityDeps): number[] {
  const tiers = candidates.map((candidate) => articlePriority(candidate, deps));
  const time = (c: Entry) => {
    const t = c.publishedAt ? Date.parse(c.publishedAt) : NaN;
    return Number.isFinite(t) ? t : Infinity;
  };
  const order = candidates
    .map((candidate, index) => ({ index, time: time(candidate) }))
    .sort((a, b) => b.time - a.time || a.index - b.index);
  const nextRank = new Map<number, number>();
  const priorities = [...tiers];
  for (const { index } of order) {
    const tier = tiers[index] as number;
    const rank = nextRank.get(tier) ?? 0;
    nextRank.set(tier, rank + 1);
    priorities[index] = tier + Math.min(rank, RANK_SPAN - 1);
  }
  return priorities;
}
