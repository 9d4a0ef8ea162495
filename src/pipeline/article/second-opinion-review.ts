/**
 * Applies the optional second opinion (deps.secondOpinion) to the rule classification of one item: only items
 * near the alert threshold of their best topic are sent; the reviewer caches per item and topic and falls back to
 * the rule score (with a reason saying so) on timeout or error. Never fails the article job.
 */
import type { Classification } from '../../shared/types.js';
import type { PipelineDeps } from '../pipeline-deps.js';

export async function reviewWithSecondOpinion(
  item: { id: string; title: string; text: string; lang: string | null },
  rule: Classification,
  deps: Pick<PipelineDeps, 'secondOpinion' | 'topics' | 'logger'>,
): Promise<Classification> {
  const reviewer = deps.secondOpinion;
  const topic = deps.topics.find((t) => t.id === rule.topicId);
  if (!reviewer || !topic) return rule;
  try {
    return await reviewer.review(item, topic, rule);
  } catch (error) {
    deps.logger.warn({ itemId: item.id, err: error }, 'second opinion failed');
    return {
      ...rule,
      reasons: [
        ...rule.reasons,
        { kind: 'second-opinion', label: 'second opinion: failed — rule score kept', weight: 0 },
      ],
    };
  }
}
