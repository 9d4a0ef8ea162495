/** Load the gazetteer the way the CLI does: topics/gazetteer.yaml plus the alert topic's named terms when present. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { mergeGazetteers, parseGazetteer } from '../../src/dedupe/gazetteer.js';
import type { Gazetteer } from '../../src/dedupe/gazetteer.js';
import { gazetteerFromTopic } from '../../src/dedupe/topic-gazetteer.js';

export function loadEvalGazetteer(
  repoRoot: string,
  withTopic: boolean,
): { gazetteer: Gazetteer; sources: string[] } {
  const base = path.join(repoRoot, 'topics/gazetteer.yaml');
  const parts = [parseGazetteer(readFileSync(base, 'utf8'))];
  const sources = [path.relative(repoRoot, base)];
  const topic = path.join(repoRoot, 'topics/iraq-drawdown.yaml');
  if (withTopic && existsSync(topic)) {
    parts.push(gazetteerFromTopic(readFileSync(topic, 'utf8')));
    sources.push(path.relative(repoRoot, topic));
  }
  return { gazetteer: mergeGazetteers(...parts), sources };
}
