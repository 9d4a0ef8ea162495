/**
 * The story index's bilingual names, read from a topics directory: `gazetteer.yaml` plus the named terms of every
 * topic file next to it (the same list the `cluster` command and `npm run eval:stories` use).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeGazetteers, parseGazetteer } from './gazetteer.js';
import type { Gazetteer } from './gazetteer.js';
import { gazetteerFromTopic } from './topic-gazetteer.js';
import { loadStoryFit } from './story-thresholds.js';
import type { LinkThresholds } from './story-scoring.js';

/** Load `dir/gazetteer.yaml` and every other `*.yaml` topic file in `dir`; a missing directory gives an empty list. */
export function loadGazetteerDir(dir: string): Gazetteer {
  const parts: Gazetteer[] = [];
  const base = join(dir, 'gazetteer.yaml');
  if (existsSync(base)) parts.push(parseGazetteer(readFileSync(base, 'utf8')));
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).sort()) {
      if (file === 'gazetteer.yaml' || !/\.ya?ml$/.test(file)) continue;
      parts.push(gazetteerFromTopic(readFileSync(join(dir, file), 'utf8')));
    }
  }
  return mergeGazetteers(...parts);
}

/**
 * Everything a story index reads from a topics directory: the gazetteer ({@link loadGazetteerDir}) and, unless
 * `fitted` is false (STORY_THRESHOLDS=default: the built-in thresholds), the fit `npm run fit:stories` wrote
 * (`*.stories.json`, see `story-thresholds.ts`): its link thresholds and whether relative days are read. Its
 * cross-validated figures are in docs/readme/stories.md.
 */
export function loadStoryIndexOptions(
  dir: string,
  options: { fitted?: boolean } = {},
): {
  gazetteer: Gazetteer;
  thresholds: Partial<LinkThresholds>;
  relativeDays?: boolean;
} {
  const gazetteer = loadGazetteerDir(dir);
  if (options.fitted === false) return { gazetteer, thresholds: {} };
  return { gazetteer, ...loadStoryFit(dir) };
}
