/**
 * The demo's {@link BodyFiller}: constructed fixture pages get real excerpts from the development corpus
 * (bench/data/corpus), on-topic excerpts for headlines the topic files find on topic (a frame, even a partial one, or one of
 * the topic's actors), off-topic ones for the rest. `raqib demo` and the demo's end-to-end test use the same filler.
 */
import { resolve } from 'node:path';
import { loadTopics } from '../../classify/load-topics.js';
import { classifyBest } from '../../pipeline/article/decide-alert.js';
import { routeFiles, type loadFixtureRoutes } from './fixture-server.js';
import { createBodyFiller, loadCorpusExcerpts, type BodyFiller } from './real-bodies.js';

export const DEMO_CORPUS_DIR = 'bench/data/corpus';

export function createDemoBodyFiller(
  routes: ReturnType<typeof loadFixtureRoutes>,
  topicsDir: string,
  corpusDir = resolve(DEMO_CORPUS_DIR),
): BodyFiller {
  const topics = loadTopics(topicsDir);
  return createBodyFiller(routeFiles(routes), loadCorpusExcerpts(corpusDir), {
    onTopic: (title, lang) => {
      const result = classifyBest({ title, text: title, lang, publishedAt: null }, topics);
      return (
        result.decision !== 'drop' || result.reasons.some((r) => r.kind === 'actor' || r.kind === 'frame')
      );
    },
  });
}
