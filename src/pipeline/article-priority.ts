/**
 * The order article jobs run in, decided from the feed entry alone: an entry whose title and summary already
 * score on a topic goes first, then other fresh entries, then entries too old to alert. Within the per-host
 * politeness budget this spends the next request to an outlet on the page most likely to become an alert.
 */
import { classifyItem } from '../classify/classify-item.js';
import type { CandidateItem } from '../shared/types.js';
import type { PipelineDeps } from './pipeline-deps.js';

/** BullMQ priorities (1 = first). Every article job gets one, so none jumps the queue by having none. */
export const ARTICLE_PRIORITY = { promising: 1, fresh: 10, old: 100 } as const;

export function articlePriority(
  candidate: Pick<CandidateItem, 'title' | 'summary' | 'publishedAt' | 'language'>,
  deps: Pick<PipelineDeps, 'topics' | 'settings' | 'now'>,
): number {
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
