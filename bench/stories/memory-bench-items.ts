/**
 * The constructed items that `bench:story-memory` and its breakdown feed the story index: the pipeline benchmark's
 * simulated articles (bench/sim/article-text.ts), one a minute ending now, from 50 outlets. Shared so that both
 * measure the same input.
 */
import type { StoryCandidate } from '../../src/dedupe/story-index.js';
import { generateArticle, type buildVocabulary } from '../sim/article-text.js';

export function memoryBenchItem(
  rng: () => number,
  vocab: ReturnType<typeof buildVocabulary>,
  start: number,
  i: number,
): StoryCandidate {
  const article = generateArticle(rng, { lang: rng() < 0.5 ? 'ar' : 'en', topical: rng() < 0.3, vocab });
  const at = new Date(start + i * 60_000).toISOString();
  return {
    id: `item-${i}`,
    lang: article.lang,
    title: article.title,
    text: article.paragraphs.join('\n\n'),
    url: `https://outlet-${i % 50}.example/a/${i}`,
    publishedAt: at,
    seenAt: at,
  };
}
